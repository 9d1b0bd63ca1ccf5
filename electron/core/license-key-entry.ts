// A licence key typed in the Queue, normalised for its vendor before it is stored: surrounding and
// inner spaces (a key copied from an e-mail or PDF often breaks at its dashes) are removed, and the
// case is changed only for a vendor whose keys ignore case (the licence API: XXXXX-XXXXX-… in capitals).
// Keygen keys are case-sensitive; for Cryptlex and LicenseSpring the vendors' notes do not say, so
// their case is kept as typed.
import type { VendorDescriptor } from '../connectors/descriptor.ts';

export function normaliseLicenseKey(typed: string, vendor: Pick<VendorDescriptor, 'licenseKeyCase'> | null): string {
  const key = typed.replace(/\s+/gu, '');
  return vendor?.licenseKeyCase === 'upper' ? key.toUpperCase() : key;
}
