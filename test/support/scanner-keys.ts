// The keys a hand-held scanner set to the US layout presses, for the scanner tests, and trusted key
// events typed through the DevTools protocol with exactly the timing of a scanner (E2E). The key
// positions are those of renderer/src/scanner/keyboard-layouts.ts, which keeps its table private;
// US_KEY_CODES lists them in the same order (test/unit/scanner-input.test.ts checks they agree).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { charAt, US, type KeyboardLayout } from '../../renderer/src/scanner/keyboard-layouts.ts';

/** Key positions (KeyboardEvent.code), one per character of US.plain and US.shifted. */
export const US_KEY_CODES: readonly string[] = [
  'Backquote', 'Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5', 'Digit6', 'Digit7', 'Digit8', 'Digit9', 'Digit0', 'Minus', 'Equal',
  'KeyQ', 'KeyW', 'KeyE', 'KeyR', 'KeyT', 'KeyY', 'KeyU', 'KeyI', 'KeyO', 'KeyP', 'BracketLeft', 'BracketRight', 'Backslash',
  'KeyA', 'KeyS', 'KeyD', 'KeyF', 'KeyG', 'KeyH', 'KeyJ', 'KeyK', 'KeyL', 'Semicolon', 'Quote',
  'KeyZ', 'KeyX', 'KeyC', 'KeyV', 'KeyB', 'KeyN', 'KeyM', 'Comma', 'Period', 'Slash',
  'Space',
];

/**
 * The key a US-set scanner presses for `char` (its position, and Shift for shifted characters) and
 * the character a computer using `computer` makes of it.
 */
export interface ScannerKey {
  key: string;
  code: string;
  shiftKey: boolean;
}

export function usScannerKey(char: string, computer: KeyboardLayout = US): ScannerKey {
  const plain = US.plain.indexOf(char);
  const index = plain >= 0 ? plain : US.shifted.indexOf(char);
  assert.ok(index >= 0, `no US key for ${char}`);
  const code = US_KEY_CODES[index]!;
  const shiftKey = plain < 0;
  return { key: charAt(computer, code, shiftKey)!, code, shiftKey };
}

/** Keydowns a US-set scanner sends for `text`, as a computer using `computer` reports them (key from its layout, code from the position). */
export function scannerKeys(text: string, computer: KeyboardLayout = US): ScannerKey[] {
  return Array.from(text, (char) => usScannerKey(char, computer));
}

/**
 * Types keys through the DevTools protocol as trusted key events whose timestamps are `intervalMs`
 * apart, then Enter: the page sees exactly the timing of a scanner (or a person), however busy the
 * machine running the test is. Shift goes down before shifted characters, as scanners send it. It
 * resolves, with the Enter's time (ms since the epoch), once that time has passed.
 */
export function keyboardAt(page: Page) {
  let clock = 0;
  const session = page.context().newCDPSession(page);
  return async (keys: ScannerKey[], intervalMs: number): Promise<number> => {
    const cdp = await session;
    clock = Math.max(clock + 1, Date.now() / 1000);
    const send = (event: Record<string, unknown>) => cdp.send('Input.dispatchKeyEvent', { ...event, timestamp: clock } as never);
    for (const k of keys) {
      clock += intervalMs / 1000;
      if (k.shiftKey) await send({ type: 'rawKeyDown', key: 'Shift', code: 'ShiftLeft', modifiers: 8, windowsVirtualKeyCode: 16 });
      await send({ type: 'keyDown', key: k.key, code: k.code, text: k.key, unmodifiedText: k.key, modifiers: k.shiftKey ? 8 : 0 });
      await send({ type: 'keyUp', key: k.key, code: k.code, modifiers: k.shiftKey ? 8 : 0 });
      if (k.shiftKey) await send({ type: 'keyUp', key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16 });
    }
    clock += intervalMs / 1000;
    await send({ type: 'keyDown', key: 'Enter', code: 'Enter', text: '\r', unmodifiedText: '\r', windowsVirtualKeyCode: 13 });
    await send({ type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    // The keys went out faster than their timestamps say: wait until the burst has really ended, so a
    // key the test presses next (stamped with the time it is sent) comes after it, as it would.
    const ahead = clock * 1000 - Date.now();
    if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
    return clock * 1000;
  };
}

/** Presses one key (a trusted event through the DevTools protocol) stamped with the time `atMs` (ms since the epoch). */
export async function pressAt(page: Page, key: { key: string; code: string; windowsVirtualKeyCode: number }, atMs: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  for (const type of ['rawKeyDown', 'keyUp']) await cdp.send('Input.dispatchKeyEvent', { type, ...key, timestamp: atMs / 1000 } as never);
  await cdp.detach();
}
