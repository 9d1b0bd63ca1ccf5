// Which connection a queued request goes to. Foreign vendor forms go only to a connection for that
// vendor (a Keygen QR is never sent to Cryptlex); seed-004 JSON goes to a generic connection (the demo
// counts as one); the engineer's choice for a request comes first; a kiosk envelope goes to the
// connection its target names (by name, or by product), else to the default.
import { vendorOf, vendorServing } from '../connectors/registry.ts';
import { t } from '../../shared/i18n/index.ts';
import type { ConnectionRecord, Vendor } from '../store/connection-store.ts';
import type { RequestRow } from '../store/request-store.ts';

/** The vendor a request must go to, when its form says so (each vendor's descriptor lists what it serves). */
export function requiredVendor(row: Pick<RequestRow, 'format' | 'vendor_hint'>): Vendor | null {
  return vendorServing(row)?.id ?? null;
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The other vendors a connection forwards to (a relay connection: those it pinned at enrolment). */
function carriesFor(connection: ConnectionRecord): readonly Vendor[] {
  const { carries } = vendorOf(connection.vendor);
  return carries && connection.settings ? carries(connection.settings) : [];
}

/** `connections` in list order (the default first). */
export function routeRequest(
  row: Pick<RequestRow, 'format' | 'vendor_hint' | 'device_details' | 'chosen_connection_id'>,
  connections: readonly ConnectionRecord[],
): ConnectionRecord | { missing: string } {
  let details: Record<string, string>;
  try {
    details = JSON.parse(row.device_details) as Record<string, string>;
  } catch {
    details = {};
  }
  const serving = vendorServing(row);
  const vendor = serving?.id ?? null;
  const candidates = vendor ? connections.filter((c) => c.vendor === vendor || carriesFor(c).includes(vendor)) : [...connections];
  if (candidates.length === 0) {
    if (!serving) return { missing: t('core:routing.noConnection') };
    return { missing: t('core:routing.needsVendor', { vendor: serving.names.connection }) };
  }
  // The engineer's choice wins, as long as it is a connection for the request's vendor.
  const chosen = row.chosen_connection_id ? candidates.find((c) => c.id === row.chosen_connection_id) : undefined;
  if (chosen) return chosen;
  const target = typeof details.connection === 'string' ? details.connection : null;
  const product = typeof details.product === 'string' ? details.product : null;
  const named = (target && candidates.find((c) => same(c.name, target) || c.id === target)) || (product && candidates.find((c) => same(c.name, product)));
  if (named) return named;
  return candidates.find((c) => c.isDefault) ?? candidates[0]!;
}
