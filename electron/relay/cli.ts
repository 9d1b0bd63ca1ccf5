// `npm run relay -- <command>`: runs the relay (serve) and its operator commands against the same
// PostgreSQL database (--database-url or RELAY_DATABASE_URL). Output is for a terminal; `audit` writes
// CSV or JSON for other tools.
import fs from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { auditRows, type AuditFormat } from './audit-export.ts';
import { saveConnection } from './connection-admin.ts';
import { openDb, migrate, type Db } from './db.ts';
import { auditPage, OPERATOR_TOKEN_ENV } from './audit-page.ts';
import { relayStores, startRelay } from './relay.ts';
import { parseSecretKey, secretBox, SECRET_KEY_ENV } from './secret-box.ts';

export interface CliIo {
  out(line: string): void;
  env: Record<string, string | undefined>;
  /** Standard input, for a token that must not appear on the command line. */
  stdin(): Promise<string>;
}

const USAGE = `Usage: npm run relay -- <command> [options]   (database: --database-url or RELAY_DATABASE_URL)
  serve [--listen 127.0.0.1:8787] [--tls-cert FILE --tls-key FILE]     (RELAY_SECRET_KEY, RELAY_OPERATOR_TOKEN)
  engineer add "Name" [--products a,b] [--connections x,y] [--daily-limit N] [--no-seat-returns]
  engineer code "Name" | engineer revoke "Name" | engineer list
  kiosk list | kiosk revoke KIOSK-ID
  connection add --json '{"vendor":"keygen","name":"…","baseUrl":"…",…}' [--products a,b] [--secret-stdin] [--rate-limit 50/5s]
                 [--lookup-secret-stdin | --no-lookup-secret]
      Tokens come on standard input, never on the command line: --secret-stdin reads the API token.
      Cryptlex: --lookup-secret-stdin reads a separate license:read-only token, used only to resolve
      licence keys to ids, so the API token needs only activation:read and activation:write; with
      both flags, line 1 is the API token and line 2 the lookup token. --no-lookup-secret removes it.
  connection list | connection remove NAME
  audit [--since 2026-01-01] [--engineer "Name"] [--format csv|json]`;

const list = (value: string | undefined) => (value === undefined ? null : value.split(',').map((s) => s.trim()).filter(Boolean));

class UsageError extends Error {}

function listenAddress(text: string): { host: string; port: number } {
  const match = /^(.*):(\d{1,5})$/.exec(text);
  if (!match) throw new UsageError(`--listen takes host:port (e.g. 127.0.0.1:8787); "${text}" is not.`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

/** "50/5s": the vendor allows 50 calls per 5 seconds ("none" lifts it). */
function rateLimit(text: string): { limit: number; windowMs: number } | null {
  if (text === 'none') return null;
  const match = /^(\d{1,6})\/(\d{1,6})(ms|s|m)$/.exec(text);
  if (!match) throw new UsageError('--rate-limit takes calls per window, e.g. 50/5s, 600/1m or none.');
  const unit = { ms: 1, s: 1000, m: 60_000 }[match[3] as 'ms' | 's' | 'm'];
  return { limit: Number(match[1]), windowMs: Number(match[2]) * unit };
}

/**
 * The tokens of "connection add" from standard input: --secret-stdin alone takes all of it (a token may
 * be JSON); with --lookup-secret-stdin too, one token a line. Lookup: undefined keeps, null removes.
 */
async function tokensFromStdin(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<{ secret?: string; lookupSecret?: string | null }> {
  const wantsSecret = values['secret-stdin'] === true;
  const wantsLookup = values['lookup-secret-stdin'] === true;
  if (wantsLookup && values['no-lookup-secret']) throw new UsageError('Give either --lookup-secret-stdin or --no-lookup-secret, not both.');
  const dropLookup = values['no-lookup-secret'] === true ? { lookupSecret: null } : {};
  if (!wantsLookup) return wantsSecret ? { secret: (await io.stdin()).trim(), ...dropLookup } : dropLookup;
  const lines = (await io.stdin()).split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const expected = wantsSecret ? 2 : 1;
  if (lines.length !== expected) {
    throw new UsageError(wantsSecret ? `With --secret-stdin and --lookup-secret-stdin, standard input holds two lines: the API token, then the lookup token; it held ${lines.length}.` : `With --lookup-secret-stdin, standard input holds one line, the lookup token; it held ${lines.length}.`);
  }
  return wantsSecret ? { secret: lines[0]!, lookupSecret: lines[1]! } : { lookupSecret: lines[0]! };
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'database-url': { type: 'string' },
      listen: { type: 'string', default: '127.0.0.1:8787' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'claim-seconds': { type: 'string' },
      products: { type: 'string' },
      connections: { type: 'string' },
      'daily-limit': { type: 'string' },
      'no-seat-returns': { type: 'boolean', default: false },
      json: { type: 'string' },
      'secret-stdin': { type: 'boolean', default: false },
      'lookup-secret-stdin': { type: 'boolean', default: false },
      'no-lookup-secret': { type: 'boolean', default: false },
      'rate-limit': { type: 'string' },
      since: { type: 'string' },
      engineer: { type: 'string' },
      format: { type: 'string', default: 'csv' },
    },
  });
  const [command, sub, arg] = positionals;
  const databaseUrl = values['database-url'] ?? io.env.RELAY_DATABASE_URL;
  if (!command || !databaseUrl) {
    io.out(command ? 'Give the relay database with --database-url postgres://… or RELAY_DATABASE_URL.' : USAGE);
    return 2;
  }
  const secretKey = () => parseSecretKey(io.env[SECRET_KEY_ENV]);

  if (command === 'serve') {
    const { host, port } = listenAddress(values.listen);
    const tls = values['tls-cert'] && values['tls-key'] ? { cert: fs.readFileSync(values['tls-cert'], 'utf8'), key: fs.readFileSync(values['tls-key'], 'utf8') } : undefined;
    if (!tls && !isLoopback(host)) throw new UsageError(`Plain HTTP is served only on loopback (behind a TLS proxy); give --tls-cert and --tls-key to listen on ${host}.`);
    const operatorToken = io.env[OPERATOR_TOKEN_ENV] ?? null;
    const db = openDb(databaseUrl, 2);
    const relay = await startRelay({
      databaseUrl,
      secretKey: secretKey(),
      host,
      port,
      ...(tls ? { tls } : {}),
      ...(values['claim-seconds'] ? { claimSeconds: Number(values['claim-seconds']) } : {}),
      pages: auditPage(relayStores(db).audit, operatorToken),
    });
    io.out(`Kiosk relay listening on ${relay.url} (process ${relay.processId})${operatorToken ? `; operator page at ${relay.url}/audit` : `; set ${OPERATOR_TOKEN_ENV} for the operator page`}`);
    const stop = async () => {
      await relay.close();
      await db.end();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    return -1;
  }

  const db: Db = openDb(databaseUrl, 2);
  try {
    await migrate(db);
    return await operate(db, command, sub, arg, values, io, secretKey);
  } finally {
    await db.end();
  }
}

async function operate(db: Db, command: string, sub: string | undefined, arg: string | undefined, values: Record<string, string | boolean | undefined>, io: CliIo, secretKey: () => Buffer): Promise<number> {
  const { people, connections, audit } = relayStores(db);
  const oneEngineer = async (who: string | undefined) => {
    if (!who) throw new UsageError('Name the engineer (their name or id).');
    const found = await people.findEngineers(who);
    if (found.length === 0) throw new UsageError(`There is no engineer "${who}"; see "engineer list".`);
    if (found.length > 1) throw new UsageError(`Several engineers are called "${who}"; name one by its id (see "engineer list").`);
    return found[0]!;
  };
  const key = `${command} ${sub ?? ''}`.trim();
  switch (key) {
    case 'engineer add': {
      if (!arg) throw new UsageError('Give the engineer\'s name: engineer add "Name".');
      const limit = values['daily-limit'] as string | undefined;
      if (limit !== undefined && !/^\d{1,6}$/.test(limit)) throw new UsageError('--daily-limit takes a whole number of activations a day (0 or more).');
      const { engineer, code } = await people.addEngineer(arg, {
        products: list(values.products as string | undefined),
        connections: list(values.connections as string | undefined),
        dailyLimit: limit === undefined ? null : Number(limit),
        seatReturns: !values['no-seat-returns'],
      });
      io.out(`Engineer "${engineer.name}" added (id ${engineer.id}).`);
      io.out(`One-time enrolment code (valid 72 hours, shown once): ${code}`);
      return 0;
    }
    case 'engineer code': {
      const engineer = await oneEngineer(arg);
      io.out(`One-time enrolment code for "${engineer.name}" (valid 72 hours, shown once): ${await people.newCode(engineer.id)}`);
      return 0;
    }
    case 'engineer revoke': {
      const engineer = await oneEngineer(arg);
      await people.revokeEngineer(engineer.id);
      await audit.record({ engineerId: engineer.id, engineerName: engineer.name, call: 'revoke', outcome: 'revoked', detail: 'engineer revoked by the operator' });
      io.out(`Engineer "${engineer.name}" revoked: every kiosk of theirs is refused from its next call.`);
      return 0;
    }
    case 'engineer list':
      for (const e of await people.listEngineers())
        io.out(`${e.id}  ${e.name}${e.revoked ? '  (revoked)' : ''}  products: ${e.products?.join(',') ?? 'all'}  connections: ${e.connections?.join(',') ?? 'all'}  daily limit: ${e.dailyLimit ?? 'none'}  seat returns: ${e.seatReturns ? 'yes' : 'no'}`);
      return 0;
    case 'kiosk list':
      for (const k of await people.listKiosks()) io.out(`${k.id}  ${k.engineerName}  "${k.label}"${k.revoked ? '  (revoked)' : ''}`);
      return 0;
    case 'kiosk revoke': {
      if (!arg || !(await people.revokeKiosk(arg))) throw new UsageError(`There is no kiosk "${arg ?? ''}"; see "kiosk list".`);
      await audit.record({ kioskId: arg, call: 'revoke', outcome: 'revoked', detail: 'kiosk revoked by the operator' });
      io.out(`Kiosk ${arg} revoked: its next call is refused.`);
      return 0;
    }
    case 'connection add': {
      if (typeof values.json !== 'string') throw new UsageError('Give the connection as --json \'{"vendor":…,"name":…,"baseUrl":…}\' (the same fields as the kiosk\'s Settings).');
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(values.json) as Record<string, unknown>;
      } catch {
        throw new UsageError('--json is not valid JSON.');
      }
      if ('secret' in input) throw new UsageError('Do not put the token on the command line (it stays in the shell history); pass it on standard input with --secret-stdin.');
      const { secret, lookupSecret } = await tokensFromStdin(values, io);
      const rate = values['rate-limit'] === undefined ? undefined : rateLimit(values['rate-limit'] as string);
      const saved = await saveConnection(connections, secretBox(secretKey()), { ...input, ...(secret ? { secret } : {}) }, list(values.products as string | undefined) ?? [], rate, lookupSecret);
      const sealed = [saved.sealedSecret ? 'its token' : '', lookupSecret ? 'its lookup token' : ''].filter(Boolean).join(' and ');
      io.out(`Connection "${saved.name}" (${saved.vendor}) saved${sealed ? `; ${sealed} ${lookupSecret && saved.sealedSecret ? 'are' : 'is'} encrypted with RELAY_SECRET_KEY` : ''}${lookupSecret === null ? '; its lookup token is removed, so the API token looks licences up' : ''}.`);
      return 0;
    }
    case 'connection list':
      for (const c of await connections.list()) io.out(`${c.name}  ${c.vendor}  ${c.settings.baseUrl}  products: ${c.products.join(',') || '-'}  token: ${c.sealedSecret ? 'sealed' : 'none'}${c.sealedLookupSecret ? '  lookup token: sealed' : ''}`);
      return 0;
    case 'connection remove': {
      const connection = arg ? await connections.byName(arg) : null;
      if (!connection) throw new UsageError(`There is no connection "${arg ?? ''}"; see "connection list".`);
      if (!(await connections.remove(connection.id))) throw new UsageError(`Requests were sent through "${connection.name}", and their answers refer to it; it stays.`);
      io.out(`Connection "${connection.name}" removed.`);
      return 0;
    }
    case 'audit': {
      const since = values.since === undefined ? undefined : new Date(values.since as string);
      if (since && Number.isNaN(since.getTime())) throw new UsageError('--since takes a date or time, e.g. 2026-11-30 or 2026-11-30T08:00:00Z.');
      const format = values.format as string;
      if (format !== 'csv' && format !== 'json') throw new UsageError('--format is csv or json.');
      const rows = await audit.query({ since: since ?? new Date(0), ...(values.engineer ? { engineer: values.engineer as string } : {}) });
      io.out(auditRows(rows, format as AuditFormat));
      return 0;
    }
    default:
      io.out(USAGE);
      return 2;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.filename === fs.realpathSync(process.argv[1]);
if (isEntry) {
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    env: process.env,
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
