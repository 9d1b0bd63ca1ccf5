// Starts the built web host (out/web/web-host.cjs) as its own process, as `npm run web` does, so
// tests can drive it over HTTP and kill it for real. The first link the host prints is spent here for
// the test's own API session; `openUrl()` asks the host for another one-time link (Enter on its
// stdin, as a person would in the terminal) for each browser page.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import type { CallName } from '../../shared/api/methods.ts';
import { LINK_FRAGMENT_KEY, SESSION_EXCHANGE_PATH, SESSION_HEADER } from '../../shared/api/web-session.ts';
import { repoRoot } from './temp.ts';

export interface HostProcess {
  url: string;
  /** A fresh one-time launch link (each opens one page, once). */
  openUrl: () => Promise<string>;
  /** The test's own session key (from the first printed link), sent as the session header by `call`. */
  session: string;
  child: ChildProcess;
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Spends a launch link for a session key, as the page does. */
export async function exchangeLink(link: string): Promise<string> {
  const url = new URL(link);
  const secret = new URLSearchParams(url.hash.slice(1)).get(LINK_FRAGMENT_KEY) ?? '';
  const res = await fetch(`${url.origin}${SESSION_EXCHANGE_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ link: secret }) });
  const body = (await res.json()) as { ok: boolean; value?: { session: string }; error?: { message: string } };
  if (!body.ok) throw new Error(`the launch link was refused (${res.status}): ${body.error?.message}`);
  return body.value!.session;
}

/** The host process as `npm run web` starts it, before any link is spent: the links it prints, in order. */
export interface SpawnedHost {
  origin: string;
  child: ChildProcess;
  /** The next link the host prints (the first is printed at start; later ones after `askForLink`). */
  nextLink(): Promise<string>;
  /** Presses Enter on the host's stdin, as a person in its terminal would, for another link. */
  askForLink(): void;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** The host's language comes from the OS's locale variables: English unless a test asks for another (`{ LANG: 'de_DE.UTF-8' }`). */
export async function spawnHostProcess(dataDir: string, extraArgs: string[] = [], locale: NodeJS.ProcessEnv = {}): Promise<SpawnedHost> {
  const env = { ...process.env };
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[name];
  const child = spawn(process.execPath, [path.join(repoRoot, 'out/web/web-host.cjs'), '--data-dir', dataDir, '--sync-interval-ms', '0', ...extraArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...env, LANG: 'en_US.UTF-8', ...locale },
  });
  // A link asked for after the host died: the test fails on the missing link, not on EPIPE.
  child.stdin!.on('error', () => undefined);
  let output = '';
  let linksSeen = 0;
  const waiting: ((link: string) => void)[] = [];
  const links: string[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    const all = [...output.matchAll(/^Open: (\S+)$/gm)].map((m) => m[1]!);
    for (const link of all.slice(linksSeen)) {
      const next = waiting.shift();
      if (next) next(link);
      else links.push(link);
    }
    linksSeen = all.length;
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextLink = () =>
    new Promise<string>((resolve, reject) => {
      const queued = links.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error(`the web host printed no link:\n${output}`)), 20_000);
      void exited.then(() => reject(new Error(`web host exited (${child.exitCode}):\n${output}`)));
      waiting.push((link) => {
        clearTimeout(timer);
        resolve(link);
      });
    });
  const first = await nextLink();
  links.unshift(first);
  return {
    origin: new URL(first).origin,
    child,
    nextLink,
    askForLink: () => void child.stdin!.write('\n'),
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

/** The engineer the tests' kiosks are set up for, as after the first-run step (the Audit E2E asks for none and takes the step). */
export const TEST_ENGINEER = { name: 'Test Engineer', id: null };

export async function startHostProcess(dataDir: string, extraArgs: string[] = [], options: { engineer?: typeof TEST_ENGINEER | null; locale?: NodeJS.ProcessEnv } = {}): Promise<HostProcess> {
  const host = await spawnHostProcess(dataDir, extraArgs, options.locale);
  const session = await exchangeLink(await host.nextLink());
  const started: HostProcess = {
    url: `${host.origin}/`,
    openUrl: () => {
      const link = host.nextLink();
      host.askForLink();
      return link;
    },
    session,
    child: host.child,
    async call(name, input) {
      const res = await fetch(`${host.origin}/api/call/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [SESSION_HEADER]: session },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${name} failed: [${body.error?.code}] ${body.error?.message}`);
      return body.value as never;
    },
    stop: host.stop,
    kill: host.kill,
  };
  const engineer = options.engineer === undefined ? TEST_ENGINEER : options.engineer;
  // A damaged database answers nothing but its storage calls: the engineer is set once it is replaced.
  if (engineer && (await started.call('getStorage', {})).state === 'ok') await started.call('setEngineer', engineer);
  return started;
}
