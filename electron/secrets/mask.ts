// Masks secrets (API tokens, licence keys) before they reach a sentence, a log or the audit trail.

/**
 * A recognisable but useless form of a secret: a known token prefix (`prod-`, `activ-`, `admin-`,
 * `user-`, `lk_live_`...) and the last 4 characters at most, the rest replaced by "…". Short
 * secrets (under 12 characters) show nothing but their length class.
 */
export function maskSecret(secret: string | null | undefined): string {
  if (!secret) return '[empty]';
  const value = secret.trim();
  if (value.length < 12) return '[hidden]';
  const prefix = /^(?:activ|prod|admin|user|env|lk_live|lk_test)[-_]/i.exec(value)?.[0] ?? '';
  return `${prefix}…${value.slice(-4)}`;
}

/** Replaces every occurrence of each secret in `text` by its masked form. */
export function maskSecretsIn(text: string, secrets: Array<string | null | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.trim().length < 4) continue;
    out = out.split(secret).join(maskSecret(secret));
  }
  return out;
}
