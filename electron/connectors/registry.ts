// Every vendor the kiosk speaks, one descriptor each (./<vendor>/descriptor.ts). A new vendor adds
// its line here and its id to the contract's CONNECTION_VENDORS; nothing else names it.
import type { ConnectionVendor } from '../../shared/api/contract.ts';
import type { RequestFormat, RequestKind, VendorHint } from '../../shared/formats/request.ts';
import { cryptlexVendor } from './cryptlex/descriptor.ts';
import { listed, type VendorDescriptor } from './descriptor.ts';
import { genericVendor } from './generic/descriptor.ts';
import { keygenVendor } from './keygen/descriptor.ts';
import { licenseSpringVendor } from './licensespring/descriptor.ts';
import { relayVendor } from './relay/descriptor.ts';
import { kindRefusal, MACHINE_KINDS, servingOnly } from './request-kinds.ts';

const LISTED: readonly VendorDescriptor[] = [
  listed(genericVendor),
  listed(keygenVendor),
  listed(cryptlexVendor),
  listed(licenseSpringVendor),
  listed(relayVendor),
];

/** Each descriptor, its connectors refusing the kinds of request it does not serve (request-kinds.ts). */
export const VENDORS: readonly VendorDescriptor[] = LISTED.map((descriptor) => {
  const kinds = descriptor.kinds ?? MACHINE_KINDS;
  const servedBy = (kind: RequestKind) => LISTED.filter((d) => (d.kinds ?? MACHINE_KINDS).includes(kind)).map((d) => d.names.connection);
  const connector: VendorDescriptor['connector'] = (settings, ports) => servingOnly(descriptor.connector(settings, ports), kinds, (request) => kindRefusal(request.kind, descriptor.names.connection, servedBy(request.kind)));
  // The descriptor's sentences are getters (written in the language of the moment): copied as getters, not read once here.
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(descriptor), connector: { value: connector, enumerable: true } }) as VendorDescriptor;
});

export function vendorOf(id: ConnectionVendor): VendorDescriptor {
  const descriptor = VENDORS.find((v) => v.id === id);
  // ui-text-ok: an invariant (every vendor of the contract has a descriptor), never shown
  if (!descriptor) throw new Error(`no descriptor for the vendor "${id}"`);
  return descriptor;
}

/** The vendor a request must go to, when its form (or the vendor named in its envelope) says so. */
export function vendorServing(row: { format: string; vendor_hint: string | null }): VendorDescriptor | null {
  return VENDORS.find((v) => v.serves.formats.includes(row.format as RequestFormat) || (row.vendor_hint !== null && v.serves.hints.includes(row.vendor_hint as VendorHint))) ?? null;
}
