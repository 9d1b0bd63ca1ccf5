// Masks secrets (API tokens, licence keys) before they reach a sentence, a log or the audit trail,
// in every form a server might echo them back in: as sent, in another letter case, base64 and
// base64url (also inside a longer base64 text such as a Basic credential), percent- and
// form-encoded, JSON-escaped, and hex.

/**
 * A recognisable but useless form of a secret: a known token prefix (`prod-`, `activ-`, `admin-`,
 * `user-`, `lk_live_`, a Keygen signed key's `key/`...) and the last 4 characters at most (before any
 * base64 padding), the rest replaced by "…": a 16 KiB signed key masks to "key/…Q2x9". Short secrets
 * (under 12 characters) show nothing but their length class.
 */
export function maskSecret(secret: string | null | undefined): string {
  if (!secret) return '[empty]';
  const value = secret.trim();
  if (value.length < 12) return '[hidden]';
  const prefix = /^(?:(?:activ|prod|admin|user|env|lk_live|lk_test)[-_]|key\/)/i.exec(value)?.[0] ?? '';
  return `${prefix}…${value.replace(/=+$/, '').slice(-4)}`;
}

/** Secrets shorter than this are not searched for (they would match ordinary words). */
const MIN_SECRET_LENGTH = 4;

/**
 * The base64 characters that encode `bytes` wherever they sit in a longer base64 text: for each of
 * the three byte alignments, the characters that depend on these bytes alone.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let lead = 0; lead < 3; lead += 1) {
    const text = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    const from = Math.ceil((lead * 8) / 6);
    const to = Math.floor(((lead + bytes.length) * 8) / 6);
    if (to - from >= MIN_SECRET_LENGTH) cores.push(text.slice(from, to));
  }
  return cores;
}

/** Every form of `secret` a server might echo (letter case aside: matching ignores it). */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const base64 = base64Cores(bytes);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [
    secret,
    ...base64,
    ...base64.map((b) => b.replace(/\+/g, '-').replace(/\//g, '_')),
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    json,
    json.replace(/\//g, '\\/'),
    [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    bytes.toString('hex'),
  ];
  return [...new Set(forms)];
}

/** Lower-cases letters where that keeps the length, so indexes in the folded text are indexes in the original. */
function fold(text: string): string {
  return text.replace(/\p{Lu}/gu, (c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length ? lower : c;
  });
}

/** Replaces every occurrence of `form` in `text`, in any letter case, by `by`. */
function replaceAnyCase(text: string, form: string, by: string): string {
  const folded = fold(text);
  const needle = fold(form);
  let at = folded.indexOf(needle);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  for (; at >= 0; at = folded.indexOf(needle, from)) {
    out += `${text.slice(from, at)}${by}`;
    from = at + needle.length;
  }
  return out + text.slice(from);
}

/**
 * Replaces every occurrence of each secret, in any of its echoed forms, by `mask(secret)`. Plain
 * string search rather than one regular expression: the forms of a 16 KiB Keygen key together run
 * to hundreds of kilobytes, more than a regular expression may hold.
 */
export function maskSecretsIn(text: string, secrets: Array<string | null | undefined>, mask: (secret: string) => string = maskSecret): string {
  let out = text;
  for (const secret of new Set(secrets)) {
    if (!secret || secret.trim().length < MIN_SECRET_LENGTH) continue;
    const masked = mask(secret);
    // Longest first, so a form is never half-replaced by a shorter one it contains.
    for (const form of secretForms(secret).sort((x, y) => y.length - x.length)) out = replaceAnyCase(out, form, masked);
  }
  return out;
}
