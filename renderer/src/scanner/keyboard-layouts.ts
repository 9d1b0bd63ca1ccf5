// What a key produces under the keyboard layouts hand-held scanners meet most, by the key's
// position (KeyboardEvent.code, named after the US layout). A scanner types by sending key
// positions for the layout it is set to; when the computer uses another layout the characters
// change ('/' becomes '-' on German, a and q swap on French). These tables let the kiosk read the
// positions back as US characters and tell which layout pair damaged a scan.

/** Key positions, in the order of the rows below. */
const CODES = [
  'Backquote', 'Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5', 'Digit6', 'Digit7', 'Digit8', 'Digit9', 'Digit0', 'Minus', 'Equal',
  'KeyQ', 'KeyW', 'KeyE', 'KeyR', 'KeyT', 'KeyY', 'KeyU', 'KeyI', 'KeyO', 'KeyP', 'BracketLeft', 'BracketRight', 'Backslash',
  'KeyA', 'KeyS', 'KeyD', 'KeyF', 'KeyG', 'KeyH', 'KeyJ', 'KeyK', 'KeyL', 'Semicolon', 'Quote',
  'KeyZ', 'KeyX', 'KeyC', 'KeyV', 'KeyB', 'KeyN', 'KeyM', 'Comma', 'Period', 'Slash',
  'Space',
] as const;

export interface KeyboardLayout {
  /** Its name on screen is capture:scanner.layouts.<id>. */
  id: 'us' | 'de' | 'fr';
  /** One character per entry of CODES, without and with Shift. */
  plain: string;
  shifted: string;
}

export const LAYOUTS: readonly KeyboardLayout[] = [
  {
    id: 'us',
    plain: "`1234567890-=" + "qwertyuiop[]\\" + "asdfghjkl;'" + "zxcvbnm,./" + ' ',
    shifted: '~!@#$%^&*()_+' + 'QWERTYUIOP{}|' + 'ASDFGHJKL:"' + 'ZXCVBNM<>?' + ' ',
  },
  {
    id: 'de',
    plain: '^1234567890ß´' + 'qwertzuiopü+#' + 'asdfghjklöä' + 'yxcvbnm,.-' + ' ',
    shifted: '°!"§$%&/()=?`' + "QWERTZUIOPÜ*'" + 'ASDFGHJKLÖÄ' + 'YXCVBNM;:_' + ' ',
  },
  {
    id: 'fr',
    plain: "²&é\"'(-è_çà)=" + 'azertyuiop^$*' + 'qsdfghjklmù' + 'wxcvbn,;:!' + ' ',
    shifted: '²1234567890°+' + 'AZERTYUIOP¨£µ' + 'QSDFGHJKLM%' + 'WXCVBN?./§' + ' ',
  },
];

export const US = LAYOUTS[0]!;

const CODE_INDEX = new Map<string, number>(CODES.map((code, i) => [code, i]));
const NUMPAD: Record<string, string> = {
  Numpad0: '0', Numpad1: '1', Numpad2: '2', Numpad3: '3', Numpad4: '4', Numpad5: '5', Numpad6: '6', Numpad7: '7', Numpad8: '8', Numpad9: '9',
  NumpadDecimal: '.', NumpadAdd: '+', NumpadSubtract: '-', NumpadMultiply: '*', NumpadDivide: '/',
};

/** The character a key position gives under `layout`; null for keys outside the table. */
export function charAt(layout: KeyboardLayout, code: string, shift: boolean): string | null {
  if (code in NUMPAD) return NUMPAD[code]!;
  const index = CODE_INDEX.get(code);
  if (index === undefined) return null;
  return (shift ? layout.shifted : layout.plain)[index] ?? null;
}

/** Where a character sits on `layout`: its position and whether Shift is held. */
function positionOf(layout: KeyboardLayout, char: string): { index: number; shift: boolean } | null {
  const plain = layout.plain.indexOf(char);
  if (plain >= 0) return { index: plain, shift: false };
  const shifted = layout.shifted.indexOf(char);
  return shifted >= 0 ? { index: shifted, shift: true } : null;
}

/**
 * What arrives when a scanner set to `scanner` types `char` on a computer using `computer`.
 * Characters the scanner's layout cannot type without AltGr are passed through unchanged.
 */
export function typedAs(char: string, scanner: KeyboardLayout, computer: KeyboardLayout): string {
  const at = positionOf(scanner, char);
  if (!at) return char;
  return (at.shift ? computer.shifted : computer.plain)[at.index] ?? char;
}

/** The text a scanner set to `scanner` produces for `text` on a computer using `computer`. */
export function garble(text: string, scanner: KeyboardLayout, computer: KeyboardLayout): string {
  return Array.from(text, (c) => typedAs(c, scanner, computer)).join('');
}

/** The reverse of garble() for one layout pair: what the scanner meant, character by character. */
export function ungarble(text: string, scanner: KeyboardLayout, computer: KeyboardLayout): string {
  const back = new Map<string, string>();
  for (const source of [scanner.plain, scanner.shifted]) {
    for (const char of source) {
      const arrived = typedAs(char, scanner, computer);
      if (!back.has(arrived)) back.set(arrived, char);
    }
  }
  return Array.from(text, (c) => back.get(c) ?? c).join('');
}

/** The layout pairs a scan is checked against: a US-set scanner on a foreign layout and the reverse. */
export const LAYOUT_PAIRS: readonly { scanner: KeyboardLayout; computer: KeyboardLayout }[] = LAYOUTS.filter((l) => l.id !== 'us').flatMap((other) => [
  { scanner: US, computer: other },
  { scanner: other, computer: US },
]);
