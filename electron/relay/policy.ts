// The relay's policy for one engineer: the connections and products they may use, a daily cap on
// activations, and whether they may return seats. Each refusal is one sentence the kiosk shows as it is.
import type { RelayConnection } from './connection-store.ts';
import type { Engineer } from './people-store.ts';

export const capRefusal = (limit: number, used: number) =>
  `Your relay allows ${limit} activation${limit === 1 ? '' : 's'} a day; ${used} used. Ask your relay operator to raise the limit, or send the request again tomorrow (UTC).`;

export const SEAT_RETURNS_REFUSED = 'Your relay does not allow you to return seats (deactivate); ask your relay operator to allow seat returns or to return this one.';

/** May this engineer use this connection? (named in their list, or one of their products is among its products) */
export function allows(engineer: Engineer, connection: RelayConnection): boolean {
  if (engineer.connections && !engineer.connections.includes(connection.name)) return false;
  if (engineer.products && !connection.products.some((p) => engineer.products!.includes(p))) return false;
  return true;
}

/** The connection a request of `vendor` goes through for this engineer: the named one, or the first they may use. */
export function pickConnection(engineer: Engineer, connections: RelayConnection[], vendor: string, named: string | null): { connection: RelayConnection } | { refusal: string } {
  const ofVendor = connections.filter((c) => c.vendor === vendor);
  if (named) {
    const connection = ofVendor.find((c) => c.name === named);
    if (!connection) return { refusal: `The relay has no ${vendor} connection named "${named}"; ask your relay operator which connections you may use.` };
    if (!allows(engineer, connection)) return { refusal: `Your relay does not allow you to use the connection "${named}"; ask your relay operator to add it to your connections or products.` };
    return { connection };
  }
  if (ofVendor.length === 0) return { refusal: `The relay has no ${vendor} connection; ask your relay operator to add one.` };
  const connection = ofVendor.find((c) => allows(engineer, c));
  if (!connection) return { refusal: `Your relay does not allow you to use its ${vendor} connections; ask your relay operator to add one to your connections or products.` };
  return { connection };
}
