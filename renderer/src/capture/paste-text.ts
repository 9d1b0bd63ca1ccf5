// Splits pasted text into the requests it holds: one JSON document (pretty-printed or not), or one
// request per line (UR, base64, vendor tokens), or several JSON documents one after another. The
// lines of an animated QR code (ur:<type>/<n>-<m>/...) are assembled into one request with the
// fountain decoder; parts missing are reported, never queued half.
import { decodePart } from '../../../shared/qr/fountain.ts';
import { parseUrText, UrDecoder } from '../../../shared/qr/ur.ts';

export type PastePiece = { kind: 'text'; text: string } | { kind: 'problem'; message: string };

const MULTI_PART = /^ur:[a-z0-9-]+\/\d+-\d+\//i;

export function splitPastedText(pasted: string): PastePiece[] {
  const text = pasted.replace(/^\uFEFF/, '').trim();
  if (text === '') return [];
  if (isJsonDocument(text)) return [{ kind: 'text', text }];
  const pieces: (PastePiece | { kind: 'ur'; group: UrGroup })[] = [];
  // Frames are grouped by the message they carry (type, length, checksum), so the parts of two codes
  // pasted together are assembled separately.
  const groups = new Map<string, UrGroup>();
  for (const token of tokens(text)) {
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
    const result = group.decoder.receivePart(token);
    if (!result.accepted && !group.decoder.isComplete) group.rejected.push(result.reason);
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
    return { kind: 'problem', message: `A part of an animated QR code (ur:${type}) could not be read: ${why}. Nothing was queued from it.` };
  }
  return {
    kind: 'problem',
    message:
      `The parts of an animated QR code (ur:${type}, ${total} parts) are incomplete: ${Math.floor(decoder.progress * 100)} % assembled. ` +
      'Paste all its parts, one per line; nothing was queued from them.',
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
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) return;
    const end = text[i] === '{' || text[i] === '[' ? jsonEnd(text, i) : -1;
    const stop = end >= 0 ? end : lineEnd(text, i);
    const token = text.slice(i, stop).trim();
    if (token) yield token;
    i = stop;
  }
}

function lineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

/** Index after the bracket closing the JSON value at `from`; -1 when it never closes. */
function jsonEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
