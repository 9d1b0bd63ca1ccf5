// Every vendor's Settings form (./<vendor>-form.tsx), in the order the vendor choice offers them. A new
// vendor adds its line here; SettingsScreen names none.
import type { ConnectionVendor } from '../../../shared/api/contract.ts';
import { cryptlexForm } from './cryptlex-form.tsx';
import { genericForm } from './generic-form.tsx';
import { keygenForm } from './keygen-form.tsx';
import { licenseSpringForm } from './licensespring-form.tsx';
import { relayForm } from './relay-form.tsx';
import { listedForm, type VendorForm } from './vendor-form.ts';

export const VENDOR_FORMS: readonly VendorForm[] = [
  listedForm(genericForm),
  listedForm(keygenForm),
  listedForm(cryptlexForm),
  listedForm(licenseSpringForm),
  listedForm(relayForm),
];

export function formFor(vendor: ConnectionVendor): VendorForm {
  const form = VENDOR_FORMS.find((f) => f.vendor === vendor);
  // ui-text-ok: an invariant: every vendor of the contract has its form in the list above
  if (!form) throw new Error(`no Settings form for the vendor "${vendor}"`);
  return form;
}
