// Serves the built renderer under app://kiosk/ with the content policy and the web host's other
// security headers as real headers (file:// pages cannot carry them), and tells whether an IPC sender is that page.
import fs from 'node:fs';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../security/response-headers.ts';
import { resolveStatic } from '../security/static-files.ts';

export const APP_ORIGIN = 'app://kiosk';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'kiosk' ? resolveStatic(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(await fs.promises.readFile(file.file), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.mediaType },
    });
  });
}

export function isAppUrl(url: string | undefined): boolean {
  return typeof url === 'string' && (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`));
}
