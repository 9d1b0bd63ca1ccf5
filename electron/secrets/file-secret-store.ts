// A SecretStore kept in a JSON file in the data directory, mode 0600, written atomically (temp file
// + fsync + rename). It is NOT encrypted: anyone who can read the file as this user reads the
// secrets. It exists for tests, the web host and machines without an OS keyring, and says so.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { t } from '../../shared/i18n/index.ts';
import { assertSecretId, type SecretStore } from './secret-store.ts';

const fileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });
const MAX_FILE_BYTES = 1024 * 1024;

export const SECRETS_FILE_NAME = 'secrets.json';

export class FileSecretStore implements SecretStore {
  readonly encrypted = false;
  private queue: Promise<unknown> = Promise.resolve();

  /** `path` is the JSON file, e.g. join(dataDir, SECRETS_FILE_NAME). */
  constructor(readonly path: string) {}

  /** Said in the language of the moment it is read. */
  get description(): string {
    return t('host:secrets.fileStore', { path: this.path });
  }

  static inDataDir(dataDir: string): FileSecretStore {
    return new FileSecretStore(join(dataDir, SECRETS_FILE_NAME));
  }

  async get(id: string): Promise<string | null> {
    assertSecretId(id);
    await this.queue;
    return (await this.read())[id] ?? null;
  }

  set(id: string, value: string): Promise<void> {
    assertSecretId(id);
    if (typeof value !== 'string') throw new Error('a secret must be a string'); // ui-text-ok: an invariant (the type checker guarantees it)
    return this.change((secrets) => {
      secrets[id] = value;
    });
  }

  delete(id: string): Promise<void> {
    assertSecretId(id);
    return this.change((secrets) => {
      delete secrets[id];
    });
  }

  /** Serialises read-modify-write cycles so concurrent set/delete calls never lose one another. */
  private change(edit: (secrets: Record<string, string>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const secrets = await this.read();
      edit(secrets);
      await this.write(secrets);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    if (text.length > MAX_FILE_BYTES) throw new Error(t('host:secrets.fileTooLarge', { path: this.path }));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(t('host:secrets.fileNotJson', { path: this.path }));
    }
    const parsed = fileSchema.safeParse(value);
    if (!parsed.success) throw new Error(t('host:secrets.fileBadForm', { path: this.path }));
    return { ...parsed.data.secrets };
  }

  private async write(secrets: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ version: 1, secrets }, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await chmod(temp, 0o600); // umask may have narrowed it; never widen beyond 0600
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
