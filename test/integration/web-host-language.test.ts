// The web host speaks the OS's language: started under a German locale, its own refusals are German.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startHostProcess } from '../support/web-host-process.ts';
import { tempDir } from '../support/temp.ts';

test('started with LANG=de_DE, the web host refuses a call without a session in German', { timeout: 60_000 }, async (t) => {
  const host = await startHostProcess(tempDir(t), [], { locale: { LANG: 'de_DE.UTF-8' } });
  t.after(() => host.stop());
  const response = await fetch(`${host.url}api/call/getStatus`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(response.status, 401);
  const body = (await response.json()) as { ok: false; error: { message: string } };
  assert.match(body.error.message, /^Diese Seite hat keine Kiosk-Sitzung\. Öffnen Sie den Link, den `npm run web` ausgegeben hat\./);
});
