// `npm run web`: the kiosk core served to a browser on 127.0.0.1, for anyone without Electron and for
// the end-to-end tests. Bundled to out/web/web-host.cjs; paths are relative to that file.
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createKioskCore } from '../core/kiosk-core.ts';
import { FileSecretStore } from '../secrets/file-secret-store.ts';
import { defaultMountRoots } from '../usb/volumes.ts';
import { startWebHost } from './http-transport.ts';
import { PrintPages } from './print-pages.ts';
import { REPORT_CONTENT_POLICY } from '../core/visit-report-html.ts';

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? (process.platform === 'win32' ? (process.env.APPDATA ?? os.homedir()) : path.join(os.homedir(), '.local', 'share'));
  return path.join(base, 'activation-kiosk-web');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'sync-interval-ms': { type: 'string', default: '5000' },
      // For fault tests that need many retries in little time; the default suits real APIs.
      'retry-base-ms': { type: 'string' },
      // Where USB sticks appear (repeatable); tests point it at a temp folder. Default: the OS's.
      'mount-root': { type: 'string', multiple: true },
      'stick-poll-ms': { type: 'string' },
    },
  });
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const printPages = new PrintPages();
  const core = createKioskCore({
    dataDir,
    resourcesDir: path.resolve(__dirname, '../../resources'),
    deliverTo: 'download',
    // No OS keyring here: tokens go to a file in the data folder, and Settings says it is not encrypted.
    secrets: FileSecretStore.inDataDir(dataDir),
    syncIntervalMs: Number(values['sync-interval-ms']),
    ...(values['retry-base-ms'] ? { retryBaseMs: Number(values['retry-base-ms']) } : {}),
    printPage: (html) => printPages.publish(html),
    sticks: {
      mountRoots: values['mount-root'] ?? defaultMountRoots(),
      windowsDrives: !values['mount-root'] && process.platform === 'win32',
      ...(values['stick-poll-ms'] ? { pollMs: Number(values['stick-poll-ms']) } : {}),
    },
  });
  const host = await startWebHost(core, {
    rendererDir: path.resolve(__dirname, '../renderer'),
    port: Number(values.port),
    printPages: { pages: printPages, contentPolicy: REPORT_CONTENT_POLICY },
  });
  console.log(`Activation Kiosk (web) — data in ${dataDir}`);
  console.log(`Open: ${host.newLink()}`);
  console.log('The link carries a one-time session key: it opens one browser tab, once. Press Enter here for another link.');
  // Only whoever holds this terminal (or the process's stdin) can ask for another link.
  readline.createInterface({ input: process.stdin, terminal: false }).on('line', () => console.log(`Open: ${host.newLink()}`));
  const stop = async () => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Activation Kiosk could not start: ${(error as Error).message}`);
  process.exit(1);
});
