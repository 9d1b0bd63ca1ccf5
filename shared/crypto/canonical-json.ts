// Canonical JSON: object keys sorted recursively (by UTF-16 code unit, as Array.prototype.sort does),
// no whitespace, arrays kept in order. This is the byte string the seed-004 API signs, and the form
// request ids are hashed over.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

/**
 * The same sorted value as Python's `json.dumps(data, sort_keys=True)` prints it (", " and ": "
 * separators, non-ASCII escaped). Servers written in Python often sign this form; the verifier
 * accepts either so a vendor need not change their server.
 */
export function pythonSortedJson(value: unknown): string {
  const walk = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(walk).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.keys(v)
        .sort()
        .map((k) => `${asciiString(k)}: ${walk((v as Record<string, unknown>)[k])}`);
      return `{${entries.join(', ')}}`;
    }
    if (typeof v === 'string') return asciiString(v);
    return JSON.stringify(v);
  };
  return walk(value);
}

function asciiString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
