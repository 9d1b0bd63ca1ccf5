// Decides what a hand-held scanner's burst meant. A scanner set to another keyboard layout than the
// computer's changes characters; the checksums of the request forms (a UR's CRC32, JSON syntax,
// base64 of JSON) make that damage visible, and a device's receipt is known by its "UR:KIOSK-RECEIPT/"
// (main checks the rest, as for any receipt). The burst is read as typed, then from the key positions
// (exact for a US-set scanner on any layout), and a scan that only reads under another layout pair
// is refused with a sentence naming the layouts, never guessed into the queue.
import { looksLikeReceiptUr } from '../../../shared/formats/receipt.ts';
import { t } from '../../../shared/i18n/index.ts';
import { detect, MAX_REQUEST_TEXT_CHARS } from '../../../shared/formats/request.ts';
import { garble, LAYOUT_PAIRS, LAYOUTS, ungarble, US, type KeyboardLayout } from './keyboard-layouts.ts';
import type { Burst } from './scan-burst.ts';

export type ScanReading = { ok: true; text: string; note: string | null } | { ok: false; message: string };


/** A request in a form the kiosk reads, or a device's receipt. */
function reads(text: string): boolean {
  return detect(text).ok || looksLikeReceiptUr(text);
}

export function readScan(burst: Burst): ScanReading {
  // Each layout pair below reads the burst again: refuse first what no request could be.
  if (burst.typed.length > MAX_REQUEST_TEXT_CHARS) {
    return { ok: false, message: t('capture:scanner.tooLong', { count: burst.typed.length, max: MAX_REQUEST_TEXT_CHARS }) };
  }
  const typed = burst.typed.trim();
  if (reads(typed)) return { ok: true, text: typed, note: null };

  const byPosition = burst.byPosition?.trim();
  if (byPosition && byPosition !== typed && reads(byPosition)) {
    if (typed === swapCase(byPosition)) {
      return { ok: true, text: byPosition, note: t('capture:scanner.capsLock') };
    }
    const computer = LAYOUTS.find((l) => l !== US && garble(byPosition, US, l) === typed);
    return {
      ok: true,
      text: byPosition,
      note: t('capture:scanner.usScanner', {
        layout: computer ? layoutName(computer) : t('capture:scanner.otherLayout'),
        examples: differences(typed, byPosition),
      }),
    };
  }

  for (const { scanner, computer } of LAYOUT_PAIRS) {
    const meant = ungarble(typed, scanner, computer);
    if (meant !== typed && reads(meant)) return { ok: false, message: layoutSentence(scanner, computer, differences(typed, meant)) };
  }

  const damage = layoutDamage(typed);
  if (damage) {
    return { ok: false, message: t('capture:scanner.layoutDamage', { damage, fix: t('capture:scanner.fix') }) };
  }
  // Not layout damage: capture names what is wrong with it like any other input.
  return { ok: true, text: typed, note: null };
}

function layoutSentence(scanner: KeyboardLayout, computer: KeyboardLayout, examples: string): string {
  return t('capture:scanner.layoutChanged', { scanner: layoutName(scanner), computer: layoutName(computer), examples, fix: t('capture:scanner.fix') });
}

function layoutName(layout: KeyboardLayout): string {
  return t(`capture:scanner.layouts.${layout.id}`);
}

/** Up to three characters that arrived changed, e.g. '"/" arrived as "-"'. */
function differences(arrived: string, meant: string): string {
  const a = Array.from(arrived);
  const m = Array.from(meant);
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < Math.min(a.length, m.length) && out.length < 3; i++) {
    if (a[i] === m[i] || seen.has(m[i]!)) continue;
    seen.add(m[i]!);
    out.push(t('capture:scanner.arrivedAs', { meant: m[i], arrived: a[i] === '\uFFFD' ? t('capture:scanner.deadKey') : a[i] }));
  }
  return out.join(', ');
}

const NOT_IN_REQUESTS = /[ßöäüÖÄÜ§°´²éèçàùµ£¨\uFFFD]/;

/** Why a scan that reads as nothing looks like layout damage, or null. */
function layoutDamage(typed: string): string | null {
  if (!/^ur:/i.test(typed) && /^ur[^a-z0-9]{0,2}kiosk/i.test(typed)) return t('capture:scanner.startsWith', { start: Array.from(typed).slice(0, 3).join('') });
  if (/^ur:/i.test(typed) && !typed.includes('/')) return t('capture:scanner.noSlash');
  const odd = NOT_IN_REQUESTS.exec(typed);
  if (odd) return odd[0] === '\uFFFD' ? t('capture:scanner.deadKeyArrived') : t('capture:scanner.contains', { character: odd[0] });
  return null;
}

function swapCase(text: string): string {
  return Array.from(text, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}
