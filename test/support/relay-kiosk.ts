// A kiosk as the relay sees it, for tests: an engineer added by the operator, enrolled with a fresh
// key pair, submitting requests with signed calls.
import assert from 'node:assert/strict';
import { enrol, submit } from '../../electron/relay/relay-client.ts';
import type { EngineerPolicy, PeopleStore } from '../../electron/relay/people-store.ts';
import { newKeyPair, type KioskKeys } from '../../electron/relay/signed-call.ts';
import type { ConnectorRequest } from '../../electron/connectors/types.ts';
import type { RelayedVendor } from '../../shared/api/vendors/relay.ts';
import type { EnrolAnswer, SubmitAnswer } from '../../electron/relay/wire.ts';

export const ANY: EngineerPolicy = { products: null, connections: null, dailyLimit: null, seatReturns: true };

export interface TestKiosk {
  keys: KioskKeys;
  engineerId: string;
  enrolled: EnrolAnswer;
  submit(relayUrl: string, vendor: RelayedVendor, request: ConnectorRequest, connection?: string): Promise<SubmitAnswer>;
}

export async function enrolledKiosk(people: PeopleStore, relayUrl: string, name: string, policy: Partial<EngineerPolicy> = {}): Promise<TestKiosk> {
  const { engineer, code } = await people.addEngineer(name, { ...ANY, ...policy });
  const pair = await newKeyPair();
  const enrolled = await enrol(relayUrl, code, pair.publicKeyHex, `${name}'s laptop`);
  assert.ok('kioskId' in enrolled, JSON.stringify(enrolled));
  const keys = { kioskId: enrolled.kioskId, secretKeyHex: pair.secretKeyHex };
  return { keys, engineerId: engineer.id, enrolled, submit: (url, vendor, request, connection) => submit(url, keys, { vendor, connection: connection ?? null, request }) };
}

export function fulfilled(answer: SubmitAnswer): Extract<SubmitAnswer, { ok: true }> {
  assert.equal(answer.ok, true, `expected an artifact, got ${JSON.stringify(answer)}`);
  return answer as Extract<SubmitAnswer, { ok: true }>;
}

export function refusedWith(answer: SubmitAnswer, code: string, retryable: boolean): Extract<SubmitAnswer, { ok: false }> {
  assert.equal(answer.ok, false, `expected ${code}, got an artifact`);
  const failure = answer as Extract<SubmitAnswer, { ok: false }>;
  assert.equal(failure.code, code, failure.message);
  assert.equal(failure.retryable, retryable, failure.message);
  return failure;
}
