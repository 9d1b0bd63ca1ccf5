// Which connection a queued request goes to. Foreign vendor forms go only to a connection for that
// vendor (a Keygen QR is never sent to Cryptlex); seed-004 JSON goes to a generic connection (the demo
// counts as one); the engineer's choice for a request comes first; a kiosk envelope goes to the
// connection its target names (by name, or by product), else to the default.
import type { ConnectionRecord, Vendor } from '../store/connection-store.ts';
import type { RequestRow } from '../store/request-store.ts';

const VENDOR_NAMES: Record<Vendor, string> = { generic: 'licence API (JSON)', keygen: 'Keygen', cryptlex: 'Cryptlex' };

/** The vendor a request must go to, when its form says so. */
export function requiredVendor(row: Pick<RequestRow, 'format' | 'vendor_hint'>): Vendor | null {
  if (row.format === 'keygen-qr' || row.vendor_hint === 'keygen') return 'keygen';
  if (row.format === 'cryptlex-offline' || row.vendor_hint === 'cryptlex') return 'cryptlex';
  if (row.format === 'seed004-json' || row.vendor_hint === 'seed004') return 'generic';
  return null;
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** `connections` in list order (the default first). */
export function routeRequest(
  row: Pick<RequestRow, 'format' | 'vendor_hint' | 'device_details' | 'chosen_connection_id'>,
  connections: readonly ConnectionRecord[],
): ConnectionRecord | { missing: string } {
  // Until LicenseSpring is a registered vendor no connection may take its request file: it holds the
  // licence key and the device's hardware id, meant for LicenseSpring alone.
  if (row.format === 'licensespring-offline' || row.vendor_hint === 'licensespring') return { missing: 'Needs a LicenseSpring connection: add one in Settings; the request waits until then.' };
  let details: Record<string, string>;
  try {
    details = JSON.parse(row.device_details) as Record<string, string>;
  } catch {
    details = {};
  }
  const vendor = requiredVendor(row);
  const candidates = vendor ? connections.filter((c) => c.vendor === vendor) : [...connections];
  if (candidates.length === 0) {
    if (!vendor) return { missing: 'No licensing connection yet: add one in Settings.' };
    return { missing: `Needs a ${VENDOR_NAMES[vendor]} connection: add one in Settings; the request waits until then.` };
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
