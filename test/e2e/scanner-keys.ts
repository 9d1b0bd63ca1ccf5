// Hand-held scanner input for E2E tests: the keydowns a scanner sends for a text, and trusted key
// events typed through the DevTools protocol with exactly the timing of a scanner (or a person).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { charAt, US } from '../../renderer/src/scanner/keyboard-layouts.ts';

const CODES = ['Backquote', 'Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5', 'Digit6', 'Digit7', 'Digit8', 'Digit9', 'Digit0', 'Minus', 'Equal', 'KeyQ', 'KeyW', 'KeyE', 'KeyR', 'KeyT', 'KeyY', 'KeyU', 'KeyI', 'KeyO', 'KeyP', 'BracketLeft', 'BracketRight', 'Backslash', 'KeyA', 'KeyS', 'KeyD', 'KeyF', 'KeyG', 'KeyH', 'KeyJ', 'KeyK', 'KeyL', 'Semicolon', 'Quote', 'KeyZ', 'KeyX', 'KeyC', 'KeyV', 'KeyB', 'KeyN', 'KeyM', 'Comma', 'Period', 'Slash', 'Space'];

export interface ScannerKey {
  key: string;
  code: string;
  shiftKey: boolean;
}

/** Keydowns a US-set scanner sends for `text`, as a computer using `computer` reports them (key from its layout, code from the position). */
export function scannerKeys(text: string, computer = US): ScannerKey[] {
  return Array.from(text, (char) => {
    const plain = US.plain.indexOf(char);
    const index = plain >= 0 ? plain : US.shifted.indexOf(char);
    assert.ok(index >= 0, `no US key for ${char}`);
    const code = CODES[index]!;
    const shiftKey = plain < 0;
    return { key: charAt(computer, code, shiftKey)!, code, shiftKey };
  });
}

/**
 * Types keys through the DevTools protocol as trusted key events whose timestamps are `intervalMs`
 * apart, then Enter: the page sees exactly the timing of a scanner (or a person), however busy the
 * machine running the test is. Shift goes down before shifted characters, as scanners send it.
 */
export function keyboardAt(page: Page) {
  let clock = 0;
  const session = page.context().newCDPSession(page);
  return async (keys: ScannerKey[], intervalMs: number): Promise<void> => {
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
  };
}
