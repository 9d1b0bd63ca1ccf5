// The built-in Demo licensing service: the seed-004 license API served on 127.0.0.1 by the app
// itself, so a newcomer can run the whole flow with the sample requests in resources/samples.
// Its signing key and its activations persist in the data folder, so responses stay verifiable and
// seats stay taken across restarts, as on a real server.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir } from '../store/data-folder.ts';
import { startLicenseServer, type LicenseRecord } from './license-server.ts';

export interface DemoService {
  /** Whether this installation carries the demo's licences. */
  readonly available: boolean;
  ensureStarted(): Promise<{ baseUrl: string; publicKeyPem: string }>;
  close(): Promise<void>;
}

export function createDemoService(options: { dataDir: string; resourcesDir: string }): DemoService {
  const licensesFile = path.join(options.resourcesDir, 'demo', 'licenses.json');
  const demoDir = path.join(options.dataDir, 'demo');
  let running: ReturnType<typeof start> | null = null;

  async function start() {
    const licenses = JSON.parse(fs.readFileSync(licensesFile, 'utf8')) as LicenseRecord[];
    const server = await startLicenseServer(
      { licenses, privateKeyPem: signingKey(demoDir), statePath: path.join(demoDir, 'state.json') },
      { host: '127.0.0.1', port: 0 },
    );
    return server;
  }

  return {
    available: fs.existsSync(licensesFile),
    async ensureStarted() {
      running ??= start();
      try {
        const server = await running;
        return { baseUrl: server.url, publicKeyPem: server.publicKeyPem };
      } catch (error) {
        running = null;
        throw error;
      }
    },
    async close() {
      const server = await running?.catch(() => null);
      running = null;
      await server?.close();
    },
  };
}

/** The demo vendor's RSA key, made once per data folder. */
function signingKey(dir: string): string {
  const file = path.join(dir, 'vendor-signing-key.pem');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  makePrivateDir(dir);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  fs.writeFileSync(`${file}.tmp`, pem, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return pem;
}
