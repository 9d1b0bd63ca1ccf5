// The keys a hand-held scanner set to the US layout presses, for the scanner tests. The key
// positions are those of renderer/src/scanner/keyboard-layouts.ts, which keeps its table private;
// US_KEY_CODES lists them in the same order (test/unit/scanner-input.test.ts checks they agree).
import assert from 'node:assert/strict';
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
export function usScannerKey(char: string, computer: KeyboardLayout = US): { key: string; code: string; shiftKey: boolean } {
  const plain = US.plain.indexOf(char);
  const index = plain >= 0 ? plain : US.shifted.indexOf(char);
  assert.ok(index >= 0, `no US key for ${char}`);
  const code = US_KEY_CODES[index]!;
  const shiftKey = plain < 0;
  return { key: charAt(computer, code, shiftKey)!, code, shiftKey };
}
