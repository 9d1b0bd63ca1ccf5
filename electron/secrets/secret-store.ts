// The secret-store port: API tokens and other secrets live only behind it, never in SQLite or a log.
// Implementations: FileSecretStore (plain JSON file, for tests, the web host and machines without a
// keyring) and the Electron safeStorage store in electron/platform/safe-storage-secret-store.ts.

export interface SecretStore {
  /** The secret stored under `id`, or null when there is none. */
  get(id: string): Promise<string | null>;
  set(id: string, value: string): Promise<void>;
  /** Removes the secret; removing one that does not exist is not an error. */
  delete(id: string): Promise<void>;
  /** True when the secrets are encrypted at rest with a key the OS protects. */
  readonly encrypted: boolean;
  /** One sentence for Settings: where the secrets live and how they are protected. */
  readonly description: string;
}

/** Secret ids are short printable names such as `connection:3:token`; anything else is refused. */
export const SECRET_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function assertSecretId(id: string): void {
  // ui-text-ok: an invariant (the kiosk makes every secret id itself)
  if (!SECRET_ID_PATTERN.test(id)) throw new Error('a secret id must be 1 to 128 letters, digits, ".", "_", ":" or "-"');
}
