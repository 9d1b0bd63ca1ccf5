// The seed-004 signed document reader (what is exported) and the licence record checks (what a
// record must say), apart from any server.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson, pythonSortedJson } from '../../shared/crypto/canonical-json.ts';
import { importRsaPublicKey } from '../../shared/crypto/rsa.ts';
import { exportedBytes, readSignedDocument, verifySignedDocument } from '../../shared/crypto/signed-document.ts';
import { checkActiveRecord, checkReleaseRecord } from '../../shared/formats/license-record.ts';
import { formatTime } from '../../shared/i18n/time.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signature = (text: string) => sign('sha256', Buffer.from(text), rsa.privateKey).toString('base64');
const bytes = (text: string) => new TextEncoder().encode(text);
const MACHINE = 'a'.repeat(64);
const KEY = 'ABCDE-12345-FGHIJ-67890-KLMNO';

test("a document holding only data and signature is exported as the server's bytes", async () => {
  const data = { machine_id: MACHINE, b: 'é', a: [1, { z: null }] };
  const original = bytes(`{ "signature": "${signature(canonicalJson(data))}",\n  "data": ${JSON.stringify(data, null, 2)} }`);
  const read = readSignedDocument(original);
  assert.ok(read.ok);
  const form = await verifySignedDocument(await importRsaPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()), read.document);
  assert.equal(form, 'compact');
  assert.equal(exportedBytes(original, read.document, form), original);
});

test('with unsigned members, the export is rebuilt in the form that was signed (Python spacing kept)', async () => {
  const data = { machine_id: MACHINE, b: 'é', a: [1, 2] };
  const sig = signature(pythonSortedJson(data));
  const read = readSignedDocument(bytes(JSON.stringify({ data, signature: sig, meta: { note: 'unsigned' } })));
  assert.ok(read.ok);
  assert.deepEqual(read.document.unsignedMembers, ['meta']);
  const form = await verifySignedDocument(await importRsaPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()), read.document);
  assert.equal(form, 'python');
  const out = new TextDecoder().decode(exportedBytes(new Uint8Array(), read.document, form!));
  assert.equal(out, `{"data": {"a": [1, 2], "b": "\\u00e9", "machine_id": "${MACHINE}"}, "signature": "${sig}"}`);
  assert.deepEqual(JSON.parse(out), { data, signature: sig });
});

test('documents that are not {data, signature} say why', () => {
  const reasons = ['[]', '{"data":[],"signature":"x"}', '{"data":{},"signature":""}', '{"data":{}}', '{"data":{},"signature":"x","data":{}}'].map((text) => {
    const read = readSignedDocument(bytes(text));
    assert.equal(read.ok, false, text);
    return read.ok ? '' : read.reason;
  });
  assert.match(reasons[0]!, /not a JSON object/);
  for (const reason of reasons.slice(1, 4)) assert.match(reason, /needs "data" \(an object\) and "signature"/);
  assert.match(reasons[4]!, /"data" appears twice/);
});

test('an active record must say it is valid, be active and unexpired, and name this licence and machine', () => {
  const ask = { licenseKey: KEY, machineId: MACHINE.toUpperCase() };
  const now = Date.parse('2026-11-30T12:00:00Z');
  const skew = 300_000;
  const base = { license_key: KEY.toLowerCase(), machine_id: MACHINE, valid: true, status: 'active' };
  const problems = (over: Record<string, unknown>) => checkActiveRecord({ ...base, ...over } as never, ask, now, skew).problems.map((p) => p.code);
  assert.deepEqual(problems({}), []);
  assert.deepEqual(problems({ status: undefined }), [], '"valid": true alone says it');
  assert.deepEqual(problems({ valid: undefined }), [], '"status": "active" alone says it');
  assert.deepEqual(problems({ valid: undefined, status: undefined }), ['license_invalid']);
  assert.deepEqual(problems({ valid: 'yes' }), ['bad_response']);
  assert.deepEqual(problems({ status: 'expired' }), ['license_not_active']);
  assert.deepEqual(problems({ expires_at: '2026-11-30T11:56:00Z' }), [], 'within the clock skew');
  assert.deepEqual(problems({ expires_at: '2026-11-30T11:54:00Z' }), ['license_expired']);
  assert.deepEqual(problems({ expires_at: 'next year' }), ['bad_response']);
  assert.deepEqual(problems({ expires_at: 1893456000 }), ['bad_response']);
  assert.deepEqual(problems({ license_key: undefined, machine_id: undefined }), ['response_mismatch', 'response_mismatch']);
  const { expiresAt } = checkActiveRecord({ ...base, expires_at: '2027-01-01' }, ask, now, skew);
  assert.equal(expiresAt, '2027-01-01T00:00:00.000Z');
});

test('a release record must say this machine was deactivated, and nothing to the contrary', () => {
  const ask = { licenseKey: KEY, machineId: MACHINE };
  const base = { license_key: KEY, machine_id: MACHINE };
  const problems = (over: Record<string, unknown>) => checkReleaseRecord({ ...base, ...over } as never, ask).map((p) => p.code);
  assert.deepEqual(problems({ deactivated_at: '2026-11-30T12:00:00Z' }), []);
  assert.deepEqual(problems({ activated: false, valid: false }), []);
  assert.deepEqual(problems({}), ['not_released']);
  assert.deepEqual(problems({ deactivated_at: 'soon' }), ['not_released']);
  assert.deepEqual(problems({ deactivated_at: '2026-11-30T12:00:00Z', valid: true }), ['not_released']);
  assert.deepEqual(problems({ activated: false, machine_id: 'b'.repeat(64) }), ['response_mismatch']);
});

test('a release record asked to be recent must be dated no earlier than asked', () => {
  const ask = { licenseKey: KEY, machineId: MACHINE };
  const notBefore = Date.parse('2026-11-30T12:00:00Z');
  const problems = (over: Record<string, unknown>) => checkReleaseRecord({ license_key: KEY, machine_id: MACHINE, ...over } as never, ask, notBefore).map((p) => p.reason);
  assert.deepEqual(problems({ deactivated_at: '2026-11-30T12:00:00Z' }), []);
  assert.deepEqual(problems({ activated: false, valid: false, checked_at: '2026-11-30T12:00:01Z' }), []);
  assert.match(problems({ deactivated_at: '2025-11-30T12:00:00Z' }).join(), new RegExp(`dated ${formatTime('2025-11-30T12:00:00Z', 'en')}, before this deactivation`));
  // the time is written in the engineer's locale (it was ISO before)
  assert.match(problems({ activated: false, valid: false }).join(), /carries no date/);
  assert.match(problems({ activated: false, valid: false, checked_at: '2026-11-30T11:00:00Z' }).join(), /before this deactivation/);
});
