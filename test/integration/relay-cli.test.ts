// The operator's commands (`npm run relay -- …`) against a real database: engineers and their
// one-time codes, connections with sealed tokens, revocations, and the audit as CSV and JSON.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { runCli } from '../../electron/relay/cli.ts';
import { relayStores } from '../../electron/relay/relay.ts';
import { repoRoot } from '../support/temp.ts';
import { relayDatabase, TEST_SECRET_KEY } from '../support/relay.ts';

const { cluster, db } = await relayDatabase();
const stores = relayStores(db);

async function cli(args: string[], stdin = '', env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(['--database-url', cluster.url, ...args], { out: (l) => lines.push(l), env: { RELAY_SECRET_KEY: TEST_SECRET_KEY, ...env }, stdin: async () => stdin });
  return { code, out: lines.join('\n') };
}

describe('relay operator commands', () => {
  it('runs as `npm run relay` and prints a one-time enrolment code', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'relay', '--', 'engineer', 'add', 'Olga Operator', '--daily-limit', '20', '--products', 'press,lathe'], {
      cwd: repoRoot,
      env: { ...process.env, RELAY_DATABASE_URL: cluster.url },
    });
    assert.match(stdout, /Engineer "Olga Operator" added/);
    assert.match(stdout, /One-time enrolment code \(valid 72 hours, shown once\): [A-Z2-9]{4}(-[A-Z2-9]{4}){4}/);
    const [olga] = await stores.people.findEngineers('Olga Operator');
    assert.deepEqual([olga?.dailyLimit, olga?.products, olga?.seatReturns], [20, ['press', 'lathe'], true]);
  });

  it('adds a connection with its token from standard input, sealed, and refuses a token on the command line', async () => {
    const json = JSON.stringify({ vendor: 'cryptlex', name: 'cryptlex-eu', baseUrl: 'https://api.cryptlex.example/v3' });
    const added = await cli(['connection', 'add', '--json', json, '--products', 'press', '--secret-stdin', '--rate-limit', '50/5s'], 'cl-pat-SECRET-0001\n');
    assert.equal(added.code, 0, added.out);
    assert.match(added.out, /Connection "cryptlex-eu" \(cryptlex\) saved; its token is encrypted/);
    const { rows } = await db.query('SELECT row_to_json(c)::text AS t FROM connections c');
    assert.ok(!rows.some((r) => String(r.t).includes('cl-pat-SECRET-0001')));
    assert.deepEqual((await stores.connections.byName('cryptlex-eu'))?.rateLimit, { limit: 50, windowMs: 5000 });
    await assert.rejects(cli(['connection', 'add', '--json', json, '--rate-limit', 'fast']), /--rate-limit takes calls per window/);
    assert.match((await cli(['connection', 'list'])).out, /cryptlex-eu {2}cryptlex {2}https:\/\/api\.cryptlex\.example\/v3 {2}products: press {2}token: sealed/);
    await assert.rejects(cli(['connection', 'add', '--json', JSON.stringify({ vendor: 'cryptlex', name: 'x', baseUrl: 'https://a.example', secret: 't' })]), /Do not put the token on the command line/);
    await assert.rejects(cli(['connection', 'add', '--json', JSON.stringify({ vendor: 'cryptlex', name: 'plain', baseUrl: 'http://vendor.example' })], 'tok'), /http:\/\//);
    await assert.rejects(cli(['connection', 'add', '--json', JSON.stringify({ vendor: 'cryptlex', name: 'no-token', baseUrl: 'https://a.example' })]), /needs its API token; pass it on standard input/);
    await assert.rejects(cli(['connection', 'add', '--json', JSON.stringify({ vendor: 'cryptlex', name: 'k', baseUrl: 'https://a.example' })], 'tok', { RELAY_SECRET_KEY: 'short' }), /must be 32 bytes/);
  });

  it('takes a Cryptlex lookup token as a second line on standard input, sealed apart from the API token', async () => {
    const json = JSON.stringify({ vendor: 'cryptlex', name: 'cryptlex-narrow', baseUrl: 'https://api.cryptlex.example' });
    const both = await cli(['connection', 'add', '--json', json, '--secret-stdin', '--lookup-secret-stdin'], 'cl-pat-ACTIVATE-0001\ncl-pat-LOOKUP-0001\n');
    assert.equal(both.code, 0, both.out);
    assert.match(both.out, /saved; its token and its lookup token are encrypted with RELAY_SECRET_KEY/);
    const stored = await stores.connections.byName('cryptlex-narrow');
    const { rows } = await db.query('SELECT row_to_json(c)::text AS t FROM connections c WHERE id = $1', [stored!.id]);
    assert.ok(!/cl-pat-(ACTIVATE|LOOKUP)-0001/.test(String(rows[0]?.t)), 'neither token in the clear');
    assert.ok(stored?.sealedSecret && stored.sealedLookupSecret && stored.sealedSecret !== stored.sealedLookupSecret);
    assert.match((await cli(['connection', 'list'])).out, /cryptlex-narrow .* token: sealed {2}lookup token: sealed/);

    // Alone, the flag reads one line and replaces only the lookup token.
    assert.match((await cli(['connection', 'add', '--json', json, '--lookup-secret-stdin'], 'cl-pat-LOOKUP-0002\n')).out, /saved; its lookup token is encrypted/);
    const replaced = await stores.connections.byName('cryptlex-narrow');
    assert.equal(replaced?.sealedSecret, stored?.sealedSecret);
    assert.notEqual(replaced?.sealedLookupSecret, stored?.sealedLookupSecret);

    await assert.rejects(cli(['connection', 'add', '--json', json, '--secret-stdin', '--lookup-secret-stdin'], 'cl-pat-ACTIVATE-0001\n'), /holds two lines: the API token, then the lookup token; it held 1/);
    await assert.rejects(cli(['connection', 'add', '--json', json, '--lookup-secret-stdin', '--no-lookup-secret'], 'x'), /either --lookup-secret-stdin or --no-lookup-secret/);
    const keygen = JSON.stringify({ vendor: 'keygen', name: 'keygen-narrow', baseUrl: 'https://api.keygen.example/v1/accounts/acme', auth: 'token', publicKeyHex: 'a'.repeat(64) });
    await assert.rejects(cli(['connection', 'add', '--json', keygen, '--secret-stdin', '--lookup-secret-stdin'], 'prod-1\nprod-2\n'), /A Keygen connection takes no separate lookup token/);
    assert.equal(await stores.connections.byName('keygen-narrow'), null, 'nothing saved');

    assert.match((await cli(['connection', 'add', '--json', json, '--no-lookup-secret'])).out, /its lookup token is removed, so the API token looks licences up/);
    assert.equal((await stores.connections.byName('cryptlex-narrow'))?.sealedLookupSecret, null);
    assert.match((await cli([])).out, /--lookup-secret-stdin reads a separate license:read-only token/);
  });

  it('revokes engineers and kiosks by name or id, and says when there is no such one', async () => {
    await cli(['engineer', 'add', 'Rita Revoke']);
    const revoked = await cli(['engineer', 'revoke', 'Rita Revoke']);
    assert.match(revoked.out, /Engineer "Rita Revoke" revoked/);
    assert.match((await cli(['engineer', 'list'])).out, /Rita Revoke {2}\(revoked\)/);
    await assert.rejects(cli(['engineer', 'revoke', 'Nobody']), /There is no engineer "Nobody"/);
    await assert.rejects(cli(['kiosk', 'revoke', 'no-such-kiosk']), /There is no kiosk "no-such-kiosk"/);
    await assert.rejects(cli(['engineer', 'add', 'Bad Limit', '--daily-limit', 'lots']), /--daily-limit takes a whole number/);
  });

  it('exports the audit as CSV (formulas defused) and JSON, filtered by engineer and time', async () => {
    await stores.audit.record({ engineerId: 'e-1', engineerName: 'Csv Carl', kioskId: 'k-1', requestId: 'r-1', vendor: 'keygen', connection: 'keygen', call: 'submit', outcome: 'fulfilled', detail: '=HYPERLINK("x"), with comma' });
    await stores.audit.record({ engineerId: 'e-2', engineerName: 'Other', call: 'submit', outcome: 'refused', detail: 'no' });
    const csv = await cli(['audit', '--engineer', 'Csv Carl', '--since', '2000-01-01']);
    const lines = csv.out.split('\n');
    assert.equal(lines[0], 'at,engineer,engineer_id,kiosk_id,request_id,vendor,connection,call,outcome,detail');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /,Csv Carl,e-1,k-1,r-1,keygen,keygen,submit,fulfilled,"'=HYPERLINK\(""x""\), with comma"$/);
    const json = JSON.parse((await cli(['audit', '--format', 'json', '--engineer', 'Other'])).out) as { engineerName: string; outcome: string }[];
    assert.deepEqual(json.map((r) => [r.engineerName, r.outcome]), [['Other', 'refused']]);
    assert.equal(JSON.parse((await cli(['audit', '--format', 'json', '--since', '2999-01-01'])).out).length, 0);
    await assert.rejects(cli(['audit', '--since', 'yesterday-ish']), /--since takes a date/);
  });

  it('serves plain HTTP only on loopback', async () => {
    await assert.rejects(cli(['serve', '--listen', '0.0.0.0:0']), /Plain HTTP is served only on loopback/);
  });
});
