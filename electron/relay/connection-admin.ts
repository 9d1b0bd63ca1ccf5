// "connection add": a vendor connection entered on the relay with the same input, checks and stored
// settings as the kiosk's Settings (the vendor descriptors), its token sealed with the operator's key.
import { apiOrigin, clearTextRefusal, sendsInClear } from '../../shared/api/api-address.ts';
import { connectionInput } from '../../shared/api/contract.ts';
import { vendorOf } from '../connectors/registry.ts';
import type { ConnectionStore, RelayConnection } from './connection-store.ts';
import { lookupSealId, type SecretBox } from './secret-box.ts';

/**
 * Saves (adds or, by name, edits) a connection; throws a sentence for input the kiosk would refuse too.
 * `lookupSecret`: a separate token for lookups only (vendors with `lookupSecret`); undefined keeps the
 * stored one, null removes it (the main token looks up again).
 */
export async function saveConnection(store: ConnectionStore, box: SecretBox, raw: unknown, products: string[], rateLimit?: RelayConnection['rateLimit'], lookupSecret?: string | null): Promise<RelayConnection> {
  const parsed = connectionInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The connection is not valid: ${issue?.path.join('.') || 'input'}: ${issue?.message}.`);
  }
  const input = parsed.data;
  if (input.vendor === 'relay') throw new Error('A relay does not forward to another relay; add the vendor connection itself.');
  const vendor = vendorOf(input.vendor);
  await vendor.check(input);
  if (typeof lookupSecret === 'string' && !vendor.lookupSecret) throw new Error(`A ${vendor.names.connection} connection takes no separate lookup token; leave out --lookup-secret-stdin.`);
  if (lookupSecret === '') throw new Error('The lookup token is empty; give it on standard input (the second line after the API token when --secret-stdin is given too).');
  const baseUrl = input.baseUrl.replace(/\/+$/, '');
  if (apiOrigin(baseUrl) === null) throw new Error('The base URL is not a valid web address; check it for typing errors.');
  if (sendsInClear(baseUrl) && !input.allowInsecureHttp) throw new Error(clearTextRefusal(baseUrl));
  const previous = await store.byName(input.name);
  if (previous && previous.vendor !== input.vendor) throw new Error(`The connection "${input.name}" is a ${previous.vendor} connection; a connection cannot change its vendor, so add one under another name.`);
  const transport = { baseUrl, ...(input.allowInsecureHttp && sendsInClear(baseUrl) ? { allowInsecureHttp: true } : {}) };
  const settings = vendor.toSaved(input, previous?.settings ?? null, transport);
  const id = previous?.id ?? store.newId();
  if (vendor.secret?.needed(settings) && !input.secret && !previous?.sealedSecret) throw new Error(`A ${vendor.names.connection} connection with these settings needs its ${vendor.secret.name}; pass it on standard input with --secret-stdin.`);
  const sealedLookupSecret = lookupSecret === undefined ? (previous?.sealedLookupSecret ?? null) : lookupSecret === null ? null : box.seal(lookupSealId(id), lookupSecret);
  const connection: RelayConnection = { id, name: input.name, vendor: input.vendor, products, settings, sealedSecret: input.secret ? box.seal(id, input.secret) : null, sealedLookupSecret, rateLimit: rateLimit === undefined ? (previous?.rateLimit ?? null) : rateLimit };
  await store.save(connection);
  return connection;
}
