// Strict JSON for signed documents. JSON.parse keeps the last of duplicate keys, turns a "__proto__"
// member into the object's prototype (which key sorting then drops), and rounds integers above 2^53:
// each lets the bytes a kiosk exports mean something other than what the signature covered. This
// parser refuses all three, so a value it returns re-encodes (canonicalJson) to exactly what the
// document says. RFC 8259 grammar, one pass, bounded depth and size.
import type { Json } from './canonical-json.ts';
import { t } from '../i18n/index.ts';

export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
}

export interface StrictJsonLimits {
  /** Longest text accepted, in UTF-16 code units (default 1 MiB). */
  maxLength?: number;
  /** Deepest nesting of arrays and objects (default 64). */
  maxDepth?: number;
}

/** Member names that would reach an object's prototype in some JavaScript consumer. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;

/** Decodes UTF-8 (refusing invalid sequences and a byte-order mark) and parses strictly. */
export function parseStrictJsonBytes(bytes: Uint8Array, limits?: StrictJsonLimits): Json {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new StrictJsonError(t('crypto:json.notUtf8'));
  }
  return parseStrictJson(text, limits);
}

/** The parse, or the refusal as a value (for checkers that turn it into their own sentence). */
export function readStrictJsonBytes(bytes: Uint8Array, limits?: StrictJsonLimits): Json | StrictJsonError {
  try {
    return parseStrictJsonBytes(bytes, limits);
  } catch (error) {
    if (error instanceof StrictJsonError) return error;
    throw error;
  }
}

export function parseStrictJson(text: string, limits: StrictJsonLimits = {}): Json {
  return parse(text, limits, (entries) => Object.fromEntries(entries)) as Json;
}

/**
 * A JSON object with its members in the order the text has them. A plain object cannot promise
 * that: JavaScript moves integer-like member names ("7", "42") to the front, so a signature over
 * "the members in the order received" (LicenseSpring's license_signature_v2) needs this form.
 */
export class OrderedObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, OrderedJson]>) {}
  get(key: string): OrderedJson | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
}
export type OrderedJson = null | boolean | number | string | OrderedJson[] | OrderedObject;

/** The same strict grammar as parseStrictJson, with every object's member order kept. */
export function parseStrictJsonOrdered(text: string, limits: StrictJsonLimits = {}): OrderedJson {
  return parse(text, limits, (entries) => new OrderedObject(entries)) as OrderedJson;
}

type Node = null | boolean | number | string | Node[] | object;

function parse(text: string, limits: StrictJsonLimits, makeObject: (entries: Array<[string, never]>) => object): Node {
  const maxLength = limits.maxLength ?? 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 64;
  if (text.length > maxLength) throw new StrictJsonError(t('crypto:json.tooLong', { max: maxLength }));
  let at = 0;

  const fail = (what: string): never => {
    throw new StrictJsonError(t('crypto:json.at', { what, at: at + 1 }));
  };
  const space = () => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      at++;
    }
  };
  const expect = (c: string) => {
    if (text[at] !== c) fail(t('crypto:json.expected', { char: c }));
    at++;
  };

  function string(): string {
    expect('"');
    let out = '';
    for (;;) {
      PLAIN_CHARS.lastIndex = at;
      const run = PLAIN_CHARS.exec(text)![0];
      out += run;
      at += run.length;
      const c = text[at];
      if (c === '"') {
        at++;
        return out;
      }
      if (c === undefined) fail(t('crypto:json.unterminated'));
      if (c !== '\\') fail(t('crypto:json.control'));
      const e = text[at + 1];
      at += 2;
      if (e === 'u') {
        const hex = text.slice(at, at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(t('crypto:json.badUnicode'));
        out += String.fromCharCode(parseInt(hex, 16));
        at += 4;
      } else {
        const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e ?? ''];
        if (simple === undefined) fail(t('crypto:json.badEscape'));
        out += simple;
      }
    }
  }

  function number(): number {
    NUMBER.lastIndex = at;
    const lexeme = NUMBER.exec(text)?.[0];
    if (!lexeme) return fail(t('crypto:json.unexpectedChar'));
    const value = Number(lexeme);
    // Only the form JSON.stringify prints survives canonicalisation unchanged; anything else
    // (1.0, 1e3, -0, 2^53 + 1) would be signed as one value and exported as another.
    if (!Number.isFinite(value) || JSON.stringify(value) !== lexeme) fail(t('crypto:json.number', { number: lexeme.slice(0, 40) }));
    at += lexeme.length;
    return value;
  }

  function value(depth: number): Node {
    space();
    const c = text[at];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(t('crypto:json.depth', { max: maxDepth }));
      return c === '{' ? object(depth + 1) : array(depth + 1);
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return v;
      }
    }
    return number();
  }

  function object(depth: number): Node {
    expect('{');
    const out: Array<[string, Node]> = [];
    const seen = new Set<string>();
    space();
    if (text[at] === '}') {
      at++;
      return makeObject([]);
    }
    for (;;) {
      space();
      const key = string();
      if (FORBIDDEN_KEYS.has(key)) fail(t('crypto:json.forbidden', { key }));
      if (seen.has(key)) fail(t('crypto:json.duplicate', { key: key.slice(0, 40) }));
      seen.add(key);
      space();
      expect(':');
      out.push([key, value(depth)]);
      space();
      if (text[at] === '}') {
        at++;
        return makeObject(out as Array<[string, never]>);
      }
      expect(',');
    }
  }

  function array(depth: number): Node {
    expect('[');
    const out: Node[] = [];
    space();
    if (text[at] === ']') {
      at++;
      return out;
    }
    for (;;) {
      out.push(value(depth));
      space();
      if (text[at] === ']') {
        at++;
        return out;
      }
      expect(',');
    }
  }

  const result = value(0);
  space();
  if (at !== text.length) fail(t('crypto:json.trailing'));
  return result;
}
