// Which verify key checks a request's self-signed licence key (Keygen signed keys): the one held by the
// connection the request is routed to, judged by that connection's vendor. Without a connection yet,
// the vendor its form names judges it (the key is then unchecked until a connection has the key).
import type { SignedKeyCheck } from '../connectors/keygen/signed-key.ts';
import { vendorOf, vendorServing } from '../connectors/registry.ts';
import type { ConnectionRecord } from '../store/connection-store.ts';
import type { RequestRow } from '../store/request-store.ts';
import { routeRequest } from './routing.ts';

export type KeyedRow = Pick<RequestRow, 'format' | 'vendor_hint' | 'device_details' | 'chosen_connection_id'>;

/** null: no self-signed key, or its vendor does not sign keys. `source` names the file or input in sentences. */
export function checkRequestKey(row: KeyedRow, licenseKey: string, connections: readonly ConnectionRecord[], source: string): SignedKeyCheck | null {
  if (!licenseKey) return null;
  const route = routeRequest(row, connections);
  if ('missing' in route) return vendorServing(row)?.checkLicenseKey?.(licenseKey, null, source) ?? null;
  return vendorOf(route.vendor).checkLicenseKey?.(licenseKey, route.settings, source) ?? null;
}
