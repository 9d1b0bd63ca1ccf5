// Kiosk mode through the core: a PIN of 4–12 digits starts it, only that PIN leaves it, five wrong PINs
// in a row lock the door for a minute, the PIN is never stored as typed, and the mode outlives a restart.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openCore } from '../support/core.ts';
import { tempDir } from '../support/temp.ts';

const look = ({ theme, kioskMode }: { theme: string; kioskMode: boolean }) => ({ theme, kioskMode });

test('kiosk mode: started with a PIN, left only with it, locked after five wrong tries, kept across a restart', async (t) => {
  const dataDir = tempDir(t);
  let clock = Date.parse('2026-11-30T12:00:00Z');
  const changes: boolean[] = [];
  let kiosk = openCore(dataDir, { now: () => new Date(clock), onKioskModeChanged: (on) => changes.push(on) });

  assert.match((await kiosk.fail('startKioskMode', { pin: '12' })).message, /4 to 12 digits/);
  assert.match((await kiosk.fail('startKioskMode', { pin: '12ab' })).message, /4 to 12 digits/);
  assert.deepEqual(look(await kiosk.call('startKioskMode', { pin: '482915' })), { theme: 'system', kioskMode: true });
  assert.deepEqual(changes, [true]);
  assert.match((await kiosk.fail('startKioskMode', { pin: '1111' })).message, /already on/, 'a second start cannot replace the PIN');
  await kiosk.core.close();
  const stored = fs.readFileSync(path.join(dataDir, 'kiosk.sqlite'));
  assert.equal(stored.includes(Buffer.from('482915')), false, 'the PIN is kept only as a salted hash');

  kiosk = openCore(dataDir, { now: () => new Date(clock), onKioskModeChanged: (on) => changes.push(on) });
  t.after(() => kiosk.core.close());
  assert.equal((await kiosk.call('getUiPreferences', {})).kioskMode, true, 'still on after a restart');
  for (let i = 1; i <= 4; i++) assert.match((await kiosk.fail('leaveKioskMode', { pin: '000000' })).message, /PIN is wrong; kiosk mode stays on/);
  assert.match((await kiosk.fail('leaveKioskMode', { pin: '000000' })).message, /5 times in a row.*try again in 60 s/);
  assert.match((await kiosk.fail('leaveKioskMode', { pin: '482915' })).message, /Too many wrong PINs: try again in 60 s/, 'even the right PIN waits out the lock');
  clock += 61_000;
  assert.deepEqual(look(await kiosk.call('leaveKioskMode', { pin: '482915' })), { theme: 'system', kioskMode: false });
  assert.deepEqual(changes, [true, false]);
  assert.match((await kiosk.fail('leaveKioskMode', { pin: '482915' })).message, /not on/);
  // The theme setting leaves kiosk mode alone, and cannot switch it.
  assert.deepEqual(look(await kiosk.call('setUiPreferences', { theme: 'dark', kioskMode: true } as never)), { theme: 'dark', kioskMode: false });
});
