// Starts the built web host (out/web/web-host.cjs) as its own process, as `npm run web` does, so
// tests can drive it over HTTP and kill it for real.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import type { CallName } from '../../shared/api/methods.ts';
import { repoRoot } from './temp.ts';

export interface HostProcess {
  url: string;
  openUrl: string;
  token: string;
  child: ChildProcess;
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export async function startHostProcess(dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'out/web/web-host.cjs'), '--data-dir', dataDir, '--sync-interval-ms', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web host exited (${code}):\n${output}`)));
  });
  const url = new URL(openUrl);
  const token = url.searchParams.get('token')!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `${url.origin}/`,
    openUrl,
    token,
    child,
    async call(name, input) {
      const res = await fetch(`${url.origin}/api/call/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${name} failed: [${body.error?.code}] ${body.error?.message}`);
      return body.value as never;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
