// A connection's API token, bound to the API origin (scheme, host and port) it was entered for. The
// origin is kept inside the secret-store entry, beside the token, and the only way a connector gets
// a token is `forConnector`, which hands it out only while the connection's base URL has that same
// origin: a base URL changed later (in Settings, or in the database by hand) cannot carry the token
// to another server.
import { z } from 'zod';
import { apiOrigin } from '../../shared/api/api-address.ts';
import { secretIdFor } from '../store/connection-store.ts';
import type { SecretStore } from './secret-store.ts';

const entrySchema = z.object({ boundTo: z.string().min(1), token: z.string().min(1) }).strict();

export interface StoredToken {
  token: string;
  /** The API origin the token was entered for. */
  origin: string;
}

function decode(raw: string): StoredToken | null {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(raw));
    return parsed.success ? { token: parsed.data.token, origin: parsed.data.boundTo } : null;
  } catch {
    return null;
  }
}

export class ConnectionSecrets {
  /**
   * `currentBaseUrl` gives a connection's base URL as the database holds it: a bare token stored
   * before tokens were bound (an older kiosk) is bound to that URL's origin at its first read.
   */
  constructor(
    private readonly store: SecretStore,
    private readonly currentBaseUrl: (connectionId: string) => string | null,
  ) {}

  get description(): string {
    return this.store.description;
  }

  /** The stored token and the origin it is bound to; null when there is none. */
  async read(connectionId: string): Promise<StoredToken | null> {
    const raw = await this.store.get(secretIdFor(connectionId));
    if (raw === null) return null;
    // A bound entry this kiosk cannot read (damaged, or from a later version) is no token at all:
    // taken for a bare one, it would be rebound to whatever address the connection has now.
    if (raw.startsWith('{')) return decode(raw);
    // An older kiosk's bare token: it was entered for the address the connection has now.
    const baseUrl = this.currentBaseUrl(connectionId);
    const origin = baseUrl === null ? null : apiOrigin(baseUrl);
    if (origin === null) return null;
    await this.save(connectionId, origin, raw);
    return { token: raw, origin };
  }

  async save(connectionId: string, origin: string, token: string): Promise<void> {
    await this.store.set(secretIdFor(connectionId), JSON.stringify({ boundTo: origin, token }));
  }

  async clear(connectionId: string): Promise<void> {
    await this.store.delete(secretIdFor(connectionId));
  }

  /** The token, only when it was entered for the origin of `baseUrl`. */
  async tokenFor(connectionId: string, baseUrl: string): Promise<string | null> {
    const stored = await this.read(connectionId);
    const origin = apiOrigin(baseUrl);
    return stored && origin !== null && stored.origin === origin ? stored.token : null;
  }

  /**
   * The secret store a connector for this connection is given: it knows only the connection's token
   * id, answers it only for the origin the token was entered for, and writes nothing.
   */
  forConnector(connectionId: string, baseUrl: string): SecretStore {
    const id = secretIdFor(connectionId);
    // ui-text-ok: an invariant (no connector writes secrets)
    const refuse = (): Promise<void> => Promise.reject(new Error('a connector does not write secrets'));
    return {
      encrypted: this.store.encrypted,
      description: this.store.description,
      get: async (key) => (key === id ? this.tokenFor(connectionId, baseUrl) : null),
      set: refuse,
      delete: refuse,
    };
  }
}
