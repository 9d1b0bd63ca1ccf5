// One relay process: its database (migrated on start), stores, service and HTTP(S) server.
import { randomUUID } from 'node:crypto';
import { auditStore } from './audit-store.ts';
import { connectionStore } from './connection-store.ts';
import { migrate, openDb, type Db } from './db.ts';
import { startRelayServer, type RelayServer, type RelayServerOptions } from './http-server.ts';
import { peopleStore } from './people-store.ts';
import { relayService, type RelayDeps } from './relay-service.ts';
import { requestStore } from './request-store.ts';
import { secretBox } from './secret-box.ts';
import { vendorGate } from './vendor-gate.ts';

export interface RelayOptions {
  databaseUrl: string;
  secretKey: Buffer;
  host?: string;
  port?: number;
  tls?: RelayServerOptions['tls'];
  claimSeconds?: number;
  connectorFor?: RelayDeps['connectorFor'];
  pages?: RelayServerOptions['pages'];
}

export interface Relay extends RelayServer {
  db: Db;
  processId: string;
}

/** The stores of one database, for the server and the operator commands alike. */
export function relayStores(db: Db) {
  return { people: peopleStore(db), connections: connectionStore(db), requests: requestStore(db), audit: auditStore(db) };
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const db = openDb(options.databaseUrl);
  try {
    await migrate(db);
    const stores = relayStores(db);
    const processId = `${process.pid}-${randomUUID().slice(0, 8)}`;
    const service = relayService({
      ...stores,
      box: secretBox(options.secretKey),
      processId,
      claimSeconds: options.claimSeconds ?? 120,
      gateFor: (connection) => (connection.rateLimit ? vendorGate(db, connection.id, connection.rateLimit) : undefined),
      ...(options.connectorFor ? { connectorFor: options.connectorFor } : {}),
    });
    const server = await startRelayServer({ service, people: stores.people, host: options.host ?? '127.0.0.1', port: options.port ?? 0, ...(options.tls ? { tls: options.tls } : {}), ...(options.pages ? { pages: options.pages } : {}) });
    return {
      ...server,
      db,
      processId,
      close: async () => {
        await server.close();
        await db.end();
      },
    };
  } catch (error) {
    await db.end();
    throw error;
  }
}
