// A relay as its own OS process (`electron/relay/cli.ts serve`), for the fault suite and the
// benchmark: started on a fixed loopback port so it can be SIGKILLed and started again in its place.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './temp.ts';

export interface RelayProcess {
  url: string;
  port: number;
  /** SIGKILL, no goodbye: claims it held stay until they expire. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every relay child still running, killed if this process exits first (one listener for all). */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export async function spawnRelay(options: { databaseUrl: string; secretKey: string; port: number; claimSeconds: number; env?: Record<string, string> }): Promise<RelayProcess> {
  let child: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/relay/cli.ts'), 'serve', '--listen', `127.0.0.1:${options.port}`, '--claim-seconds', String(options.claimSeconds)], {
        cwd: repoRoot,
        env: { ...process.env, RELAY_DATABASE_URL: options.databaseUrl, RELAY_SECRET_KEY: options.secretKey, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      running.add(proc);
      proc.once('exit', () => running.delete(proc));
      let errors = '';
      proc.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      proc.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening on')) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`the relay process ended (${code}) before listening: ${errors}`)));
    });
  const exited = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
  const kill = async () => {
    const proc = child;
    child = null;
    if (!proc) return;
    proc.kill('SIGKILL');
    await exited(proc);
  };
  await start();
  return { url: `http://127.0.0.1:${options.port}`, port: options.port, kill, start, stop: kill };
}
