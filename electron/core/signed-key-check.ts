// Which verify key checks a request's Keygen signed key: the key held by the Keygen connection the
// request is routed to. Requests bound for another vendor are not Keygen's to judge.
import { checkSignedKey, type SignedKeyCheck } from '../connectors/keygen/signed-key.ts';
import type { ConnectionRecord } from '../store/connection-store.ts';
import type { RequestRow } from '../store/request-store.ts';
import { requiredVendor, routeRequest } from './routing.ts';

export type KeyedRow = Pick<RequestRow, 'format' | 'vendor_hint' | 'device_details' | 'chosen_connection_id'>;

/** null: no signed key, or the request goes to another vendor. `source` names the file or input in sentences. */
export function checkRequestKey(row: KeyedRow, licenseKey: string, connections: readonly ConnectionRecord[], source: string): SignedKeyCheck | null {
  if (!licenseKey) return null;
  const vendor = requiredVendor(row);
  if (vendor !== null && vendor !== 'keygen') return null;
  const route = routeRequest(row, connections);
  if (!('missing' in route) && route.vendor !== 'keygen') return null;
  const verifyKey = 'missing' in route ? null : route.settings.publicKeyHex.trim() || null;
  return checkSignedKey(licenseKey, verifyKey, source);
}
