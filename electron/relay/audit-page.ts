// The operator's read-only page: recent activations and refusals across every kiosk, behind the
// operator token (RELAY_OPERATOR_TOKEN), asked for with HTTP Basic authentication so a browser prompts
// for it (any user name; the token is the password) and a script can send it as a Bearer token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { AuditStore } from './audit-store.ts';

export const OPERATOR_TOKEN_ENV = 'RELAY_OPERATOR_TOKEN';
const SHOWN = 200;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function presented(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer (.+)$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

const escape = (text: string | null) => (text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's route for the relay server; without a token the page is off (404 like any unknown path). */
export function auditPage(audit: AuditStore, operatorToken: string | null) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? '/', 'http://relay').pathname;
    if (path !== '/audit' || !operatorToken) return false;
    const token = presented(req);
    if (token === null || !timingSafeEqual(digest(token), digest(operatorToken))) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="Kiosk relay operator", charset="UTF-8"', 'content-type': 'text/plain; charset=utf-8' });
      res.end('The operator page needs the operator token (RELAY_OPERATOR_TOKEN) as the password.');
      return true;
    }
    const rows = await audit.query({ outcomes: ['fulfilled', 'refused'], limit: SHOWN });
    const body = rows
      .map((r) => `<tr><td>${escape(r.at)}</td><td>${escape(r.engineerName)}</td><td class="id">${escape(r.kioskId)}</td><td>${escape(r.vendor)}</td><td>${escape(r.connection)}</td><td class="${escape(r.outcome)}">${escape(r.outcome)}</td><td class="id">${escape(r.requestId)}</td><td>${escape(r.detail)}</td></tr>`)
      .join('\n');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Kiosk relay: recent activations</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}.id{font:12px monospace;overflow-wrap:anywhere;min-width:8em}.refused{color:#a00}.fulfilled{color:#060}</style></head>
<body><h1>Recent activations and refusals</h1><p>The latest ${SHOWN} across every kiosk, newest first. The full audit: <code>npm run relay -- audit</code>.</p>
<table><thead><tr><th>Time (UTC)</th><th>Engineer</th><th>Kiosk</th><th>Vendor</th><th>Connection</th><th>Outcome</th><th>Request</th><th>Detail</th></tr></thead><tbody>
${body || '<tr><td colspan="8">Nothing yet.</td></tr>'}
</tbody></table></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'x-content-type-options': 'nosniff' });
    res.end(html);
    return true;
  };
}
