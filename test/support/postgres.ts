// A throwaway PostgreSQL cluster for tests: initdb into a temp folder, pg_ctl on a loopback port with
// its socket in that folder, stopped when the test ends (after() hook) or the process exits, even
// after a failure. initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
  /** postgres://… for the node-postgres client (trust authentication, loopback only). */
  url: string;
  port: number;
  /** Stops the server (immediate), keeping its data: for "PostgreSQL goes away". */
  stop(): void;
  /** Starts it again on the same port with the same data. */
  start(): void;
  /** Stops it and removes its folder; also run by the after() hook and at process exit. */
  destroy(): void;
}

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
const USER = 'relay';

function binDir(): string {
  const found = BIN_DIRS.find((dir) => fs.existsSync(path.join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin); .ci/run installs it with apt-get');
  return found;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool as the cluster's owner: the `postgres` user when we are root. */
function pgTool(tool: string, args: string[]): void {
  const command = path.join(binDir(), tool);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A detached shell that stops the cluster and removes its folder once this process is gone, however it
 * ended (a test file that throws at load, SIGKILL): 'exit' handlers do not run in every case.
 */
function watchdog(data: string, dir: string): void {
  const pgCtl = path.join(binDir(), 'pg_ctl');
  const stop = `${asRoot ? 'runuser -u postgres -- ' : ''}"${pgCtl}" -D "${data}" -m immediate stop`;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf "${dir}"`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

/** Starts a fresh cluster; with `t`, it is removed when that test (or suite) ends. */
export async function startPostgres(t?: { after(fn: () => void): void }): Promise<PgCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  pgTool('initdb', ['-D', data, '-U', USER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  // No fsync: a test cluster's data need not survive a machine crash (an immediate stop is not one:
  // committed data is in the OS cache), and it is several times faster.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  let running = false;
  const start = () => {
    pgTool('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start']);
    running = true;
  };
  const stop = () => {
    if (!running) return;
    running = false;
    const command = path.join(binDir(), 'pg_ctl');
    const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
    spawnSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'ignore' });
  };
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
    process.off('exit', destroy);
  };
  process.on('exit', destroy);
  t?.after(destroy);
  watchdog(data, dir);
  try {
    start();
  } catch (error) {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
    destroy();
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${tail}`, { cause: error });
  }
  return { url: `postgres://${USER}@127.0.0.1:${port}/postgres`, port, stop, start, destroy };
}
