// Hand-held scanner input: bursts are told from typing by timing, Shift and line breaks are handled,
// and scans changed by a keyboard layout are read back from key positions or refused with the layouts named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDeviceKeyPair, makeReceipt, makeRequest } from '../../shared/device/kit.ts';
import { garble, LAYOUTS, US, charAt } from '../../renderer/src/scanner/keyboard-layouts.ts';
import { readScan } from '../../renderer/src/scanner/read-scan.ts';
import { ScanBurstDetector, type Burst, type KeyInput, type Timers } from '../../renderer/src/scanner/scan-burst.ts';
import { keygenQrText } from '../support/requests.ts';
import { US_KEY_CODES, usScannerKey } from '../support/scanner-keys.ts';

const DE = LAYOUTS.find((l) => l.id === 'de')!;
const FR = LAYOUTS.find((l) => l.id === 'fr')!;

/** Manual timers: the test moves the clock. */
function manualTimers() {
  let pending: { at: number; fn: () => void } | null = null;
  let now = 0;
  const timers: Timers = { set: (fn, ms) => (pending = { at: now + ms, fn }), clear: () => (pending = null) };
  return {
    timers,
    advance(to: number) {
      now = to;
      if (pending && pending.at <= now) {
        const p = pending;
        pending = null;
        p.fn();
      }
    },
    setNow(t: number) {
      now = t;
    },
  };
}

/** Keydowns for `text` as a US-set scanner sends them, with the characters `computer` makes of them. */
function keysFor(text: string, start: number, interval: number, computer = US): KeyInput[] {
  const out: KeyInput[] = [];
  let t = start;
  for (const char of text) {
    if (char === '\n') {
      out.push({ key: 'Enter', code: 'Enter', shiftKey: false, timeStamp: (t += interval) });
      continue;
    }
    const { key, code, shiftKey } = usScannerKey(char, computer);
    if (shiftKey) out.push({ key: 'Shift', code: 'ShiftLeft', shiftKey: true, timeStamp: t });
    out.push({ key, code, shiftKey, timeStamp: (t += interval) });
  }
  return out;
}

function run(keys: KeyInput[], suffix: 'Enter' | 'Tab' | null = 'Enter', suffixDelay = 10) {
  const clock = manualTimers();
  const scans: Burst[] = [];
  const detector = new ScanBurstDetector((b) => scans.push(b), undefined, clock.timers);
  const consumed: boolean[] = [];
  let last = 0;
  for (const k of keys) {
    clock.setNow(k.timeStamp);
    consumed.push(detector.key(k));
    last = k.timeStamp;
  }
  if (suffix) {
    clock.setNow(last + suffixDelay);
    consumed.push(detector.key({ key: suffix, code: suffix, shiftKey: false, timeStamp: last + suffixDelay }));
  }
  clock.advance(last + 1000);
  return { scans, consumed };
}

test("the tests' US key positions are the kiosk's: each gives its US character, with and without Shift", () => {
  assert.equal(US_KEY_CODES.length, US.plain.length);
  assert.equal(US_KEY_CODES.length, US.shifted.length);
  assert.equal(US_KEY_CODES.map((code) => charAt(US, code, false)).join(''), US.plain);
  assert.equal(US_KEY_CODES.map((code) => charAt(US, code, true)).join(''), US.shifted);
});

test('a burst at scanner speed ending in Enter or Tab is a scan; Shift is part of it', () => {
  const { scans, consumed } = run(keysFor('UR:KIOSK-REQUEST/Ab1', 0, 10));
  assert.equal(scans.length, 1);
  assert.equal(scans[0]!.typed, 'UR:KIOSK-REQUEST/Ab1');
  assert.equal(scans[0]!.byPosition, 'UR:KIOSK-REQUEST/Ab1');
  assert.ok(scans[0]!.averageIntervalMs < 11, `${scans[0]!.averageIntervalMs} ms`);
  assert.equal(consumed.at(-1), true, 'the Enter that ends a scan is suppressed');
  assert.equal(run(keysFor('abcdefgh', 0, 12), 'Tab').scans.length, 1);
});

test('a person typing, a short burst, a pause in the middle, or no suffix is not a scan', () => {
  assert.equal(run(keysFor('UR:KIOSK-REQUEST/AB', 0, 120)).scans.length, 0, 'typing 120 ms apart');
  assert.equal(run(keysFor('UR:KIOSK-REQUEST/AB', 0, 45)).scans.length, 0, 'a fast typist, 45 ms apart');
  assert.equal(run(keysFor('abcd', 0, 10)).scans.length, 0, 'shorter than 6 characters');
  assert.equal(run(keysFor('abcdefgh', 0, 10), null).scans.length, 0, 'no Enter or Tab');
  assert.equal(run(keysFor('abcdefgh', 0, 10), 'Enter', 400).scans.length, 0, 'Enter long after the burst');
  // A person types "xy", pauses, then a scan follows: only the scan is reported.
  const keys = [...keysFor('xy', 0, 150), ...keysFor('scanned-code', 2000, 9)];
  const { scans } = run(keys);
  assert.deepEqual(scans.map((s) => s.typed), ['scanned-code']);
  const { consumed } = run(keysFor('abcdefgh', 0, 120));
  assert.ok(consumed.every((c) => !c), 'slow keys are never suppressed');
});

test('the Enter after a burst too short to be a scan goes with its keys; after a person typing it is left alone', () => {
  const short = run(keysFor('-x-', 0, 10));
  assert.equal(short.scans.length, 0);
  assert.deepEqual(short.consumed, [false, true, true, true], 'the first key is free, the rest of the burst and its Enter are taken');
  assert.equal(run(keysFor('-x-', 0, 10), 'Enter', 300).consumed.at(-1), false, 'an Enter long after the burst is the engineer\'s');
  assert.ok(run(keysFor('abc', 0, 150)).consumed.every((c) => !c), "a person's keys and Enter are never taken");
  assert.equal(run(keysFor('a', 0, 10)).consumed.at(-1), false, 'one key and Enter: a person');
});

test('a code with line breaks arrives as one scan', () => {
  const { scans } = run(keysFor('{"license_key":\n"ABCDE"}', 0, 8));
  assert.equal(scans.length, 1);
  assert.equal(scans[0]!.typed, '{"license_key":\n"ABCDE"}');
});

test('a scan is read as typed, or from the key positions when the computer uses another layout', async () => {
  const made = await makeRequest({ kind: 'activate', licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO', fingerprint: 'f'.repeat(64), nonce: 'nonce-scanner-01', createdAt: 1_795_000_000 });
  const good = readScan(run(keysFor(made.ur, 0, 9)).scans[0]!);
  assert.deepEqual(good, { ok: true, text: made.ur, note: null });

  // A US-set scanner on a German computer: '/' arrives as '-', Y and Z swap; the key codes are exact.
  const burst = run(keysFor(made.ur, 0, 9, DE)).scans[0]!;
  assert.equal(burst.typed, garble(made.ur, US, DE));
  assert.notEqual(burst.typed, made.ur);
  const read = readScan(burst);
  assert.ok(read.ok);
  assert.equal(read.text, made.ur);
  assert.match(read.note!, /types for a US keyboard, but this computer uses German \(QWERTZ\) \("\/?:?.*" arrived as/);
});

test("a device's receipt scanned with another keyboard layout is read from the key positions, or refused with the layouts named", () => {
  const device = generateDeviceKeyPair(new Uint8Array(32).fill(5));
  const { ur } = makeReceipt(
    { pending: { requestId: 'cd'.repeat(32), request: { kind: 'activate', licenseKey: 'K', fingerprint: 'f', nonce: 'nonce-receipt-1', createdAt: 1 } }, outcome: 'applied', now: new Date(1_795_000_000_000), responseDigest: 'ef'.repeat(32) },
    device.secretKey,
  );
  assert.match(ur, /^UR:KIOSK-RECEIPT\//);
  assert.deepEqual(readScan(run(keysFor(ur, 0, 9)).scans[0]!), { ok: true, text: ur, note: null }, 'as typed');

  // A US-set scanner on a German or French computer: ":" and "/" arrive changed; the key codes are exact.
  for (const [computer, name] of [[DE, 'German (QWERTZ)'], [FR, 'French (AZERTY)']] as const) {
    const burst = run(keysFor(ur, 0, 9, computer)).scans[0]!;
    assert.equal(burst.typed, garble(ur, US, computer));
    const read = readScan(burst);
    assert.ok(read.ok, name);
    assert.equal(read.text, ur);
    assert.match(read.note!, new RegExp(`types for a US keyboard, but this computer uses ${name.replace(/[()]/g, '\\$&')}`));
  }

  // A German-set scanner on this (US) computer, no key positions to go by: refused, the layouts named.
  const refused = readScan({ typed: garble(ur, DE, US), byPosition: null, keys: ur.length, averageIntervalMs: 9 });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.message : '', /types for a German \(QWERTZ\) keyboard, but this computer uses US English \(QWERTY\) \([^)]*"\/" arrived as "&"/);
});

test('Caps Lock turns the letters around; the key positions (with Shift) still read right', async () => {
  const keygen = keygenQrText('ABCDE-12345-FGHIJ-67890-KLMNO', 'b'.repeat(64));
  const flipped = Array.from(keygen, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  const read = readScan({ typed: flipped, byPosition: keygen, keys: keygen.length, averageIntervalMs: 9 });
  assert.ok(read.ok);
  assert.equal(read.text, keygen);
  assert.match(read.note!, /Caps Lock is on/);
});

test('a scan changed by a keyboard layout is refused with the layouts named', async () => {
  const made = await makeRequest({ kind: 'activate', licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO', fingerprint: 'e'.repeat(64), nonce: 'nonce-scanner-02', createdAt: 1_795_000_000 });
  const keygen = keygenQrText('ZYZYZ-12345-FGHIJ-67890-KLMNO', 'y'.repeat(8) + 'a'.repeat(56));
  const cases = [
    { text: garble(made.ur, DE, US), scanner: 'German (QWERTZ)', computer: 'US English (QWERTY)', example: /"\/" arrived as "&"/ },
    { text: garble(made.ur, FR, US), scanner: 'French (AZERTY)', computer: 'US English (QWERTY)', example: /arrived as/ },
    { text: garble(made.ur, US, DE), scanner: 'US English (QWERTY)', computer: 'German (QWERTZ)', example: /"\/" arrived as "-"/ },
    { text: garble(keygen, US, FR), scanner: 'US English (QWERTY)', computer: 'French (AZERTY)', example: /arrived as/ },
  ];
  for (const c of cases) {
    // No key positions to go by (remote desktop, a scanner set to the other layout): only the text.
    const read = readScan({ typed: c.text, byPosition: null, keys: c.text.length, averageIntervalMs: 9 });
    assert.equal(read.ok, false, c.text.slice(0, 30));
    if (read.ok) continue;
    assert.ok(read.message.includes(`types for a ${c.scanner} keyboard, but this computer uses ${c.computer}`), read.message);
    assert.match(read.message, c.example);
    assert.match(read.message, /Set the scanner to this computer's keyboard layout/);
  }
  const broken = readScan({ typed: 'URÖKIOSKßREQUEST-LPAX', byPosition: null, keys: 21, averageIntervalMs: 9 });
  assert.equal(broken.ok, false);
  assert.match(!broken.ok ? broken.message : '', /looks changed by a keyboard layout \(it should start with "UR:" but starts with "URÖ"\)/);
  const noSlash = readScan({ typed: made.ur.replaceAll('/', '-'), byPosition: null, keys: made.ur.length, averageIntervalMs: 9 });
  assert.match(!noSlash.ok ? noSlash.message : '', /holds no "\/" where a UR reads "UR:KIOSK-REQUEST\/…", so "\/" arrived as another character/);
  const lowerDash = readScan({ typed: 'ur-kiosk-request-lpaxaycf', byPosition: null, keys: 25, averageIntervalMs: 9 });
  assert.match(!lowerDash.ok ? lowerDash.message : '', /should start with "UR:" but starts with "ur-"/);
  // Damage that is not the layout's goes to capture, which names the problem like for any input.
  assert.deepEqual(readScan({ typed: 'hello world', byPosition: 'hello world', keys: 11, averageIntervalMs: 9 }), { ok: true, text: 'hello world', note: null });
});
