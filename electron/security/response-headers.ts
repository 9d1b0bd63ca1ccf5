// Headers every web host response carries, whatever it is (page, file, call answer, event stream,
// refusal, 404): the renderer's CSP, no MIME sniffing, never framed, no Referer, nothing cached, and
// nothing readable or embeddable by another origin (another port of 127.0.0.1 included).
import { CONTENT_SECURITY_POLICY } from './content-policy.ts';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The same headers as one block of raw HTTP/1.1 header lines, for answers written straight to a socket. */
export function rawSecurityHeaders(): string {
  return Object.entries(SECURITY_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}
