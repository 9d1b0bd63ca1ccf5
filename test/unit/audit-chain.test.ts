// The audit chain's encoding and check (shared/audit/SPEC.md), and the CSV cells a spreadsheet reads.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { entryHash, GENESIS_HASH, verifyChain, type ChainedEntry } from '../../shared/audit/chain.ts';
import { csvCell } from '../../electron/audit/csv.ts';

/** SPEC.md §1–2 written out again with Buffers, independently of the code under test. */
function specHash(entry: Omit<ChainedEntry, 'hash'>): string {
  const fields = [entry.prevHash, String(entry.seq), entry.at, entry.requestId, entry.actor, entry.actorName, entry.actorId, entry.event, entry.detail];
  const parts: Buffer[] = [Buffer.from('activation-kiosk/audit-entry/v1', 'utf8'), Buffer.from([0])];
  for (const field of fields) {
    const length = Buffer.alloc(4);
    if (field === null) {
      length.writeUInt32BE(0xffffffff);
      parts.push(length);
    } else {
      const bytes = Buffer.from(field, 'utf8');
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
  }
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
}

function chain(count: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const body = { seq, at: `2026-11-30T10:00:${String(seq % 60).padStart(2, '0')}.000Z`, requestId: seq % 2 ? 'ab'.repeat(32) : null, actor: seq % 3 ? 'sync' : 'engineer', actorName: seq % 3 ? null : 'Zoë Ünal', actorId: seq % 3 ? null : 'FE-7', event: 'captured', detail: `Captured from file press-${seq}.json — “quoted”`, prevHash };
    const entry = { ...body, hash: entryHash(body) };
    out.push(entry);
    prevHash = entry.hash;
  }
  return out;
}

test('an entry hash is SHA-256 over the length-prefixed fields the spec lists, null apart from empty', () => {
  const entry = chain(3)[2]!;
  assert.equal(entryHash(entry), specHash(entry));
  assert.equal(entry.hash, specHash(entry));
  const base = { ...entry, actorId: null };
  assert.notEqual(entryHash(base), entryHash({ ...base, actorId: '' }), 'null and "" hash differently');
  assert.notEqual(entryHash({ ...base, event: 'ab', detail: 'c' }), entryHash({ ...base, event: 'a', detail: 'bc' }), 'field boundaries are part of the hash');
});

test('an intact chain checks; its head is the last hash', () => {
  const entries = chain(50);
  assert.deepEqual(verifyChain(entries), { entries: 50, head: entries[49]!.hash, lastSeq: 50, broken: null });
  assert.deepEqual(verifyChain([]), { entries: 0, head: GENESIS_HASH, lastSeq: 0, broken: null });
});

test('an edit, a deletion, a reorder and an insertion each name the first entry that does not match', () => {
  const entries = chain(20);
  const edited = entries.map((e) => (e.seq === 7 ? { ...e, detail: 'Captured from file other.json' } : e));
  assert.deepEqual(pick(verifyChain(edited).broken), { seq: 7, kind: 'edited' });
  const engineerRenamed = entries.map((e) => (e.seq === 9 ? { ...e, actorName: 'Someone Else' } : e));
  assert.deepEqual(pick(verifyChain(engineerRenamed).broken), { seq: 9, kind: 'edited' });

  const deleted = entries.filter((e) => e.seq !== 7);
  assert.deepEqual(pick(verifyChain(deleted).broken), { seq: 8, kind: 'out_of_chain' });
  assert.match(verifyChain(deleted).broken!.message, /^Audit entry #8 does not follow entry #6: an entry before it was deleted, moved or inserted/);
  assert.deepEqual(pick(verifyChain(entries.slice(1)).broken), { seq: 2, kind: 'out_of_chain' }, 'the first entry removed');

  const reordered = [...entries];
  [reordered[6], reordered[7]] = [reordered[7]!, reordered[6]!];
  assert.deepEqual(pick(verifyChain(reordered).broken), { seq: 8, kind: 'out_of_chain' });

  const renumbered = entries.map((e) => (e.seq === 7 ? { ...e, seq: 70 } : e));
  assert.deepEqual(pick(verifyChain(renumbered).broken), { seq: 70, kind: 'edited' }, 'seq is covered by the hash');

  // An inserted entry that even links to the one before it: its successor no longer follows.
  const forged = { ...entries[5]!, seq: 7, detail: 'Delivered to the wrong device', prevHash: entries[5]!.hash };
  const inserted = [...entries.slice(0, 6), { ...forged, hash: entryHash(forged) }, ...entries.slice(6).map((e) => ({ ...e }))];
  assert.deepEqual(pick(verifyChain(inserted).broken), { seq: 7, kind: 'out_of_chain' }, 'seq 7 twice: the genuine #7 does not follow the forged one');
  const appendedLink = [...entries, { ...entries[19]!, seq: 21, prevHash: entries[18]!.hash }];
  assert.deepEqual(pick(verifyChain(appendedLink).broken), { seq: 21, kind: 'out_of_chain' });
});

test('CSV cells are quoted and neutralise what a spreadsheet would run as a formula', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    const cell = csvCell(`${start}HYPERLINK("http://x","y")`);
    assert.ok(cell.startsWith(`"'${start}`), `a cell starting with ${JSON.stringify(start)} starts with an apostrophe: ${cell}`);
  }
  assert.equal(csvCell('=1+2'), `"'=1+2"`);
  assert.equal(csvCell('He said "hi", then left\nsecond line'), '"He said ""hi"", then left\nsecond line"');
  assert.equal(csvCell(null), '""');
  assert.equal(csvCell(42), '"42"');
  assert.equal(csvCell('Ana = chief'), '"Ana = chief"', 'only a leading sign matters');
});

function pick(broken: { seq: number; kind: string } | null) {
  return broken && { seq: broken.seq, kind: broken.kind };
}
