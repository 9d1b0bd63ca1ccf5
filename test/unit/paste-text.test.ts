// Pasted text is split into the requests it holds: one JSON document, one request per line, JSON
// documents one after another, and the lines of animated codes assembled per code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRequest, requestFrames } from '../../shared/device/kit.ts';
import { splitPastedText } from '../../renderer/src/capture/paste-text.ts';
import { keygenQrText } from '../support/requests.ts';

const request = (n: number, extra = 0) =>
  makeRequest({ kind: 'activate', licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO', fingerprint: String(n).repeat(64).slice(0, 64), nonce: `nonce-paste-${n}`, createdAt: 1_795_000_000, device: { hostname: `press-${'x'.repeat(extra)}` } });

test('one pretty-printed JSON document is one request', () => {
  const json = JSON.stringify({ license_key: 'ABCDE-12345-FGHIJ-67890-KLMNO', machine_id: 'a'.repeat(64) }, null, 2);
  assert.deepEqual(splitPastedText(`\n${json}\n`), [{ kind: 'text', text: json }]);
  assert.deepEqual(splitPastedText('  \n '), []);
});

test('one request per line, and JSON documents one after another', async () => {
  const a = await request(1);
  const keygen = keygenQrText('ABCDE-12345-FGHIJ-67890-KLMNO', 'b'.repeat(64));
  const json1 = JSON.stringify({ license_key: 'ABCDE-12345-FGHIJ-67890-KLMNO', machine_id: 'c'.repeat(64) }, null, 2);
  const json2 = '{"license_key": "ABCDE-12345-FGHIJ-67890-KLMNO", "machine_id": "d}"}';
  const pieces = splitPastedText(`${a.ur}\r\n${keygen}\n\n${json1}\n${json2}`);
  assert.deepEqual(pieces.map((p) => (p.kind === 'text' ? p.text : p.message)), [a.ur, keygen, json1, json2]);
});

test('the parts of animated codes are assembled per code, in any order; a missing part is reported', async () => {
  const big = await request(2, 200);
  const other = await request(3, 200);
  const framesA = requestFrames(big, 60);
  const framesB = requestFrames(other, 60);
  assert.ok(framesA.length > 3 && framesB.length === framesA.length, 'two codes with as many parts');
  const mixed = [...framesA.reverse(), ...framesB].join('\n');
  const pieces = splitPastedText(mixed);
  assert.equal(pieces.length, 2);
  assert.deepEqual(pieces.map((p) => (p.kind === 'text' ? p.text : p.message)), [big.ur, other.ur]);

  const incomplete = splitPastedText(requestFrames(big, 60).slice(1).join('\n'));
  assert.equal(incomplete.length, 1);
  assert.equal(incomplete[0]!.kind, 'problem');
  assert.match(incomplete[0]!.kind === 'problem' ? incomplete[0]!.message : '', /animated QR code \(ur:kiosk-request, \d+ parts\) are incomplete: \d+ % assembled\. Paste all its parts/);

  const damaged = splitPastedText(framesB[0]!.replace(/.{4}$/, 'AAAA'));
  assert.match(damaged[0]!.kind === 'problem' ? damaged[0]!.message : '', /could not be read/);
});
