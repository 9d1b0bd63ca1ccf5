// The renderer's Content-Security-Policy, the same under Electron's app:// protocol and the web host:
// only our own files, no inline script, no network but our own origin. 'wasm-unsafe-eval' lets the QR
// decoder compile its bundled WebAssembly (it allows no JavaScript eval).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // ui-text-ok: Content-Security-Policy directives
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  // ui-text-ok: Content-Security-Policy directives
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  // ui-text-ok: Content-Security-Policy directives
  "worker-src 'self' blob:",
  // ui-text-ok: Content-Security-Policy directives
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
