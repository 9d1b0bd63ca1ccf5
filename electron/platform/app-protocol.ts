// Serves the built renderer under app://kiosk/ with the content policy as a real header (file://
// pages cannot carry one), and tells whether an IPC sender is that page.
import fs from 'node:fs';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../security/content-policy.ts';
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
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await fs.promises.readFile(file.file), {
      headers: { 'Content-Type': file.mediaType, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

export function isAppUrl(url: string | undefined): boolean {
  return typeof url === 'string' && (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`));
}
