// Splits pasted text into the requests it holds: one JSON document (pretty-printed or not), or one
// request per line (UR, base64, vendor tokens), or several JSON documents one after another. The
// lines of an animated QR code (ur:<type>/<n>-<m>/...) are assembled into one request with the
// fountain decoder; parts missing are reported, never queued half.
import { t } from '../../../shared/i18n/index.ts';
import { decodePart } from '../../../shared/qr/fountain.ts';
import { parseUrText, UrDecoder } from '../../../shared/qr/ur.ts';

export type PastePiece = { kind: 'text'; text: string } | { kind: 'problem'; message: string };

const MULTI_PART = /^ur:[a-z0-9-]+\/\d+-\d+\//i;
/** Four request files' worth (each at most 1 MiB): more is not a paste of requests. */
export const MAX_PASTE_CHARS = 4 * 1024 * 1024;
/** Work units (see shared/qr/fountain.ts) a paste's animated-code frames may cost in all: a fraction of a second. */
export const MAX_PASTE_UR_WORK = 24_000_000;
/** Pieces one paste may hold: more would flood the capture list. */
export const MAX_PASTE_PIECES = 2000;

export function splitPastedText(pasted: string): PastePiece[] {
  if (pasted.length > MAX_PASTE_CHARS) {
    return [{ kind: 'problem', message: t('capture:paste.tooLong', { count: pasted.length, max: MAX_PASTE_CHARS }) }];
  }
  const text = pasted.replace(/^\uFEFF/, '').trim();
  if (text === '') return [];
  if (isJsonDocument(text)) return [{ kind: 'text', text }];
  const pieces: (PastePiece | { kind: 'ur'; group: UrGroup })[] = [];
  // Frames are grouped by the message they carry (type, length, checksum), so the parts of two codes
  // pasted together are assembled separately.
  const groups = new Map<string, UrGroup>();
  let urWork = 0;
  let overCap = false;
  for (const token of tokens(text)) {
    // Past the cap the paste is refused: the rest is only read through, nothing more is kept.
    if (pieces.length >= MAX_PASTE_PIECES) {
      overCap = true;
      continue;
    }
    const key = MULTI_PART.test(token) ? messageKey(token) : null;
    if (key === null) {
      pieces.push({ kind: 'text', text: token });
      continue;
    }
    let group = groups.get(key.id);
    if (!group) {
      group = { decoder: new UrDecoder(), type: key.type, total: key.total, rejected: [] };
      groups.set(key.id, group);
      pieces.push({ kind: 'ur', group });
    }
    const before = group.decoder.work;
    const result = group.decoder.receivePart(token);
    if (!result.accepted && !group.decoder.isComplete) group.rejected.push(result.reason);
    urWork += group.decoder.work - before;
    if (urWork > MAX_PASTE_UR_WORK) {
      return [{ kind: 'problem', message: t('capture:paste.tooMuchWork') }];
    }
  }
  if (overCap) {
    return [{ kind: 'problem', message: t('capture:paste.tooManyPieces', { max: MAX_PASTE_PIECES }) }];
  }
  return pieces.map((piece) => (piece.kind === 'ur' ? assembled(piece.group) : piece));
}

interface UrGroup {
  decoder: UrDecoder;
  type: string;
  total: number;
  rejected: string[];
}

/** Which message a frame belongs to; a frame that cannot be read is its own group (and reported). */
function messageKey(token: string): { id: string; type: string; total: number } {
  try {
    const parsed = parseUrText(token);
    const part = decodePart(parsed.body);
    return { id: `${parsed.type}/${part.seqLen}/${part.messageLen}/${part.checksum}`, type: parsed.type, total: part.seqLen };
  } catch {
    const match = /^ur:([a-z0-9-]+)\/\d+-(\d+)\//i.exec(token);
    return { id: `unreadable:${token}`, type: match?.[1]?.toLowerCase() ?? 'unknown', total: Number(match?.[2] ?? 0) };
  }
}

function assembled(group: UrGroup): PastePiece {
  const { decoder, type, total } = group;
  const text = decoder.isSuccess ? decoder.resultText() : null;
  if (text) return { kind: 'text', text };
  const why = decoder.error ?? group.rejected[0];
  if (why && decoder.progress === 0) {
    return { kind: 'problem', message: t('capture:paste.partUnreadable', { type, why }) };
  }
  return {
    kind: 'problem',
    message: t('capture:paste.incomplete', { type, total, percent: Math.floor(decoder.progress * 100) }),
  };
}

function isJsonDocument(text: string): boolean {
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Lines, except that a JSON value starting a line runs to its closing bracket (string-aware). */
function* tokens(text: string): Generator<string> {
  const closes = jsonCloses(text);
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) return;
    const stop = closes.get(i) ?? lineEnd(text, i);
    const token = text.slice(i, stop).trim();
    if (token) yield token;
    i = stop;
  }
}

function lineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

/**
 * For every bracket outside a string, the index after the bracket that closes it, found in one pass
 * (a stack of open brackets), so the splitter stays linear however many lines start with "{". A
 * line break inside a string cannot be JSON: the brackets still open there never close, and the
 * scan starts afresh outside any string, as a value starting on the next line would.
 */
function jsonCloses(text: string): Map<number, number> {
  const closes = new Map<number, number>();
  const open: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\' && text[i + 1] !== '\n') i++;
      else if (c === '"') inString = false;
      else if (c === '\n') {
        inString = false;
        open.length = 0;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') open.push(i);
    else if ((c === '}' || c === ']') && open.length > 0) closes.set(open.pop()!, i + 1);
  }
  return closes;
}
