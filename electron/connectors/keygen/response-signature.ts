// Keygen signs every answer (keygen.md "Response signatures"): `Keygen-Signature` is Ed25519 over
// "(request-target) host date digest", and `Digest` is SHA-256 of the body. The signature covers the
// request line and the body but not the status code, so a proof built on it always reads the body.
import { createHash } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { fromBase64, toBase64, utf8 } from '../../../shared/crypto/encoding.ts';
import { t } from '../../../shared/i18n/index.ts';
import { maskSecret } from '../../secrets/mask.ts';
import { vendorText, type HttpAnswer } from '../http.ts';

// ui-text-ok: the header names Keygen's signature covers, not words
export const SIGNED_HEADERS = '(request-target) host date digest';

export interface SignatureContext {
  publicKey: Uint8Array;
  /** The account id from the base URL, when it is a UUID (a slug cannot be compared with keyid). */
  accountId: string | null;
  now: number;
  skewMs: number;
}

/** A verified Keygen answer, kept so that anyone can check it again with the account key later. */
export interface SignedAnswer {
  /** "(request-target)" as signed, e.g. "delete /v1/accounts/…/machines/…". */
  requestTarget: string;
  host: string;
  status: number;
  date: string;
  digest: string;
  keygenSignature: string;
  /** The body, base64 (empty for a 204). */
  body: string;
}

/** Null when the answer's signature verifies; otherwise a sentence naming what is wrong. */
export async function checkResponseSignature(method: string, url: URL, answer: HttpAnswer, context: SignatureContext): Promise<string | null> {
  const header = answer.headers.get('keygen-signature');
  if (!header) return t('keygen:signatures.noHeader');
  const params = Object.fromEntries([...header.matchAll(/([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (params.algorithm !== 'ed25519') return t('keygen:signatures.wrongAlgorithm', { algorithm: vendorText(params.algorithm ?? '', [], maskSecret) });
  if (params.headers !== SIGNED_HEADERS) return t('keygen:signatures.wrongHeaders', { headers: SIGNED_HEADERS });
  if (context.accountId && params.keyid !== context.accountId) return t('keygen:signatures.wrongAccount');
  const date = answer.headers.get('date') ?? '';
  const dateMs = Date.parse(date);
  if (!Number.isFinite(dateMs)) return t('keygen:signatures.noDate');
  if (Math.abs(context.now - dateMs) > context.skewMs) {
    return t('keygen:signatures.clock', { server: new Date(dateMs), laptop: new Date(context.now), skew: describeSkew(dateMs, context.now), allowed: Math.round(context.skewMs / 1000) });
  }
  const digest = `sha-256=${createHash('sha256').update(answer.bytes).digest('base64')}`;
  if (answer.headers.get('digest') !== digest) return t('keygen:signatures.digest');
  const signature = fromBase64(params.signature ?? '');
  let ok: boolean;
  try {
    ok = signature !== null && signature.length === 64 && (await ed.verifyAsync(signature, utf8(signingString(method, url, date, digest)), context.publicKey));
  } catch {
    ok = false;
  }
  return ok ? null : t('keygen:signatures.doesNotVerify');
}

/** "The Keygen server's clock is 42 s ahead of this laptop", without the subject: how two clocks differ, to the second. */
export function describeSkew(serverMs: number, laptopMs: number): string {
  const seconds = Math.round((serverMs - laptopMs) / 1000);
  if (seconds === 0) return t('keygen:skew.inStep');
  return seconds > 0 ? t('keygen:skew.ahead', { seconds }) : t('keygen:skew.behind', { seconds: -seconds });
}

/** The record of an answer whose signature verified (call checkResponseSignature first). */
export function signedAnswer(method: string, url: URL, answer: HttpAnswer): SignedAnswer {
  return {
    requestTarget: requestTarget(method, url),
    host: url.host,
    status: answer.status,
    date: answer.headers.get('date') ?? '',
    digest: answer.headers.get('digest') ?? '',
    keygenSignature: answer.headers.get('keygen-signature') ?? '',
    body: toBase64(answer.bytes),
  };
}

const requestTarget = (method: string, url: URL) => `${method.toLowerCase()} ${url.pathname}${url.search}`;

function signingString(method: string, url: URL, date: string, digest: string): string {
  return [`(request-target): ${requestTarget(method, url)}`, `host: ${url.host}`, `date: ${date}`, `digest: ${digest}`].join('\n');
}
