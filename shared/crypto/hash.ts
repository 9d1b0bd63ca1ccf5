import { toHex, utf8 } from './encoding.ts';

/** SHA-256 of a UTF-8 string, as lowercase hex (WebCrypto: the same in Node and the browser). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', utf8(text) as BufferSource);
  return toHex(new Uint8Array(digest));
}
