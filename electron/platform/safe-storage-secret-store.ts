// SecretStore backed by Electron safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet
// on Linux): each secret is encrypted by the OS and the ciphertexts are kept, base64, in a JSON file
// in the data directory (mode 0600, atomic write). Only type-checked in tests; it needs a running app.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import { t } from '../../shared/i18n/index.ts';
import { assertSecretId, type SecretStore } from '../secrets/secret-store.ts';

type Ciphertexts = Record<string, string>;

export class SafeStorageSecretStore implements SecretStore {
  readonly encrypted: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  /** Call after app 'ready'. `path` is the JSON file of ciphertexts, e.g. <userData>/secrets.safe.json. */
  static async open(path: string): Promise<SafeStorageSecretStore> {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
    // On Linux without a keyring, Electron falls back to a hard-coded key ("basic_text"): not real protection.
    const encrypted = available && backend !== 'basic_text' && backend !== 'unknown';
    return new SafeStorageSecretStore(path, encrypted, backend);
  }

  private constructor(
    private readonly path: string,
    encrypted: boolean,
    private readonly backend: string,
  ) {
    this.encrypted = encrypted;
  }

  /** Said in the language of the moment it is read. */
  get description(): string {
    return this.encrypted
      ? t('host:secrets.osStore', { backend: this.backend === 'os' ? process.platform : this.backend, path: this.path })
      : t('host:secrets.osStoreMissing', { backend: this.backend, path: this.path });
  }

  async get(id: string): Promise<string | null> {
    assertSecretId(id);
    await this.queue;
    const cipher = (await this.read())[id];
    if (cipher === undefined) return null;
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(cipher, 'base64'));
    if (shouldReEncrypt) await this.set(id, result);
    return result;
  }

  set(id: string, value: string): Promise<void> {
    assertSecretId(id);
    return this.change(async (all) => {
      all[id] = (await safeStorage.encryptStringAsync(value)).toString('base64');
    });
  }

  delete(id: string): Promise<void> {
    assertSecretId(id);
    return this.change(async (all) => {
      delete all[id];
    });
  }

  private change(edit: (all: Ciphertexts) => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      const all = await this.read();
      await edit(all);
      await this.write(all);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Ciphertexts> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const value = JSON.parse(text) as { version?: unknown; secrets?: unknown };
    if (value.version !== 1 || value.secrets === null || typeof value.secrets !== 'object') throw new Error(t('host:secrets.safeBadForm', { path: this.path }));
    const out: Ciphertexts = {};
    for (const [id, cipher] of Object.entries(value.secrets as Record<string, unknown>)) if (typeof cipher === 'string') out[id] = cipher;
    return out;
  }

  private async write(all: Ciphertexts): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ version: 1, secrets: all }, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await chmod(temp, 0o600);
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
