// The relay's calls, transport aside: enrolment, "who am I", and submitting a kiosk's request to a
// vendor through the kiosk's own connectors exactly once, whichever relay process handles each try.
import type { RelayedVendor } from '../../shared/api/vendors/relay.ts';
import type { ConnectorPorts } from '../connectors/descriptor.ts';
import { vendorOf } from '../connectors/registry.ts';
import type { CallGate, Connector, ConnectorRequest, Failure, Outcome } from '../connectors/types.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { AuditStore } from './audit-store.ts';
import type { ConnectionStore, RelayConnection } from './connection-store.ts';
import type { Engineer, Kiosk, PeopleStore } from './people-store.ts';
import { allows, capRefusal, pickConnection, SEAT_RETURNS_REFUSED } from './policy.ts';
import type { RequestStore, StoredOutcome } from './request-store.ts';
import { lookupSealId, type SecretBox } from './secret-box.ts';
import { sha256Hex } from './signed-call.ts';
import type { EnrolAnswer, PinnedConnection, SubmitAnswer, SubmitBody } from './wire.ts';

export interface RelayDeps {
  people: PeopleStore;
  connections: ConnectionStore;
  requests: RequestStore;
  audit: AuditStore;
  box: SecretBox;
  /** This process, as claims name it. */
  processId: string;
  /** How long a claim holds: longer than the slowest vendor call (connectors time out well before). */
  claimSeconds: number;
  /** Builds a connection's connector; the registry's by default (tests may wrap it to inject faults). */
  connectorFor?: (connection: RelayConnection, ports: ConnectorPorts) => Connector;
  /** The shared rate gate for a connection with a vendor limit (vendor-gate.ts). */
  gateFor?: (connection: RelayConnection) => CallGate | undefined;
}

export interface Caller {
  kiosk: Kiosk;
  engineer: Engineer;
}

export class RefusedError extends Error {}

/** The wait a kiosk is told when another process is working on its request right now. */
const BUSY_RETRY_MS = 2000;

const pin = (c: RelayConnection): PinnedConnection => ({ name: c.name, vendor: c.vendor, settings: { baseUrl: c.settings.baseUrl, ...vendorOf(c.vendor).view(c.settings).settings } });

function toStored(outcome: Outcome | Failure): StoredOutcome | null {
  if (outcome.ok) {
    const { artifact } = outcome;
    return { ok: true, artifact: { fileName: artifact.fileName, mediaType: artifact.mediaType, bytesBase64: Buffer.from(artifact.bytes).toString('base64'), expiresAt: artifact.expiresAt ?? null }, note: outcome.note };
  }
  return outcome.retryable ? null : { ok: false, retryable: false, code: outcome.code, message: outcome.message };
}

const answerOf = (stored: StoredOutcome, connection: string): SubmitAnswer => (stored.ok ? { ...stored, connection } : { ...stored, retryAfterMs: null });
const refused = (code: string, message: string): SubmitAnswer => ({ ok: false, retryable: false, code, message, retryAfterMs: null });
const waitAnswer = (code: string, message: string, retryAfterMs: number | null): SubmitAnswer => ({ ok: false, retryable: true, code, message, retryAfterMs });

export function relayService(deps: RelayDeps) {
  const { people, connections, requests, audit, box } = deps;

  function connectorFor(connection: RelayConnection): Connector {
    const secretId = `relay:${connection.id}`;
    const lookupSecretId = `${secretId}/lookup`;
    // The tokens are opened for this one connector and handed out only under their own ids: the
    // connector asks for the lookup token only to resolve keys, and for the other only to act.
    const token = connection.sealedSecret ? box.open(connection.id, connection.sealedSecret) : null;
    const lookup = connection.sealedLookupSecret ? box.open(lookupSealId(connection.id), connection.sealedLookupSecret) : null;
    const secrets: SecretStore = {
      encrypted: true,
      description: 'sealed in the relay database',
      get: async (id) => (id === secretId ? token : id === lookupSecretId ? lookup : null),
      set: async () => undefined,
      delete: async () => undefined,
    };
    const gate = deps.gateFor?.(connection);
    const ports: ConnectorPorts = { secrets, secretId, ...(lookup ? { lookupSecretId } : {}), ...(gate ? { gate } : {}) };
    return deps.connectorFor ? deps.connectorFor(connection, ports) : vendorOf(connection.vendor).connector(connection.settings, ports);
  }

  async function record(caller: Caller, requestId: string, vendor: RelayedVendor, connection: string | null, outcome: string, detail: string): Promise<void> {
    await audit.record({ engineerId: caller.engineer.id, engineerName: caller.engineer.name, kioskId: caller.kiosk.id, requestId, vendor, connection, call: 'submit', outcome, detail });
  }

  /** Sends (or reconciles) a claimed request and stores what is final; returns the kiosk's answer. */
  async function work(caller: Caller, connection: RelayConnection, request: ConnectorRequest, alreadySent: boolean): Promise<SubmitAnswer> {
    const connector = connectorFor(connection);
    let outcome: Outcome | null = null;
    if (alreadySent) {
      // A previous try may have reached the vendor (its process died or lost its answer): ask before sending again.
      const reconciled = await connector.reconcile(request);
      if (!('notApplied' in reconciled)) outcome = reconciled;
    }
    if (!outcome) {
      if (!(await requests.markSent(request.id, deps.processId))) return waitAnswer('relay_busy', 'Another relay process took this request over; it is sent again shortly.', BUSY_RETRY_MS);
      outcome = await connector.fulfil(request);
    }
    const stored = toStored(outcome);
    if (!stored) {
      // Retryable: the vendor may or may not have acted (a timeout), so the next try reconciles first.
      await requests.release(request.id, deps.processId, true);
      const failure = outcome as Failure;
      await record(caller, request.id, connection.vendor, connection.name, 'waiting', failure.message);
      return waitAnswer(failure.code, failure.message, failure.retryAt === null ? null : Math.max(0, failure.retryAt - Date.now()));
    }
    if (!(await requests.finish(request.id, deps.processId, stored))) return waitAnswer('relay_busy', 'Another relay process took this request over; it is sent again shortly.', BUSY_RETRY_MS);
    await record(caller, request.id, connection.vendor, connection.name, stored.ok ? 'fulfilled' : 'refused', stored.ok ? stored.note : stored.message);
    return answerOf(stored, connection.name);
  }

  return {
    async enrol(code: string, publicKey: string, label: string): Promise<EnrolAnswer> {
      const enrolled = await people.enrol(code, publicKey, label);
      if (!enrolled) {
        await audit.record({ call: 'enrol', outcome: 'refused', detail: 'unknown, used or expired code' });
        throw new RefusedError('The relay does not know this enrolment code, or it was used or has expired; ask your relay operator for a new one.');
      }
      const { kiosk, engineer } = enrolled;
      await audit.record({ engineerId: engineer.id, engineerName: engineer.name, kioskId: kiosk.id, call: 'enrol', outcome: 'enrolled', detail: `kiosk "${label}" enrolled` });
      const usable = (await connections.list()).filter((c) => allows(engineer, c));
      return { kioskId: kiosk.id, engineer: engineer.name, connections: usable.map(pin) };
    },

    async hello(caller: Caller) {
      const usable = (await connections.list()).filter((c) => allows(caller.engineer, c));
      return { kioskId: caller.kiosk.id, engineer: caller.engineer.name, connections: usable.map((c) => c.name) };
    },

    async submit(caller: Caller, body: SubmitBody): Promise<SubmitAnswer> {
      const { request, vendor } = body;
      const { engineer } = caller;
      const picked = pickConnection(engineer, await connections.list(), vendor, body.connection);
      if ('refusal' in picked) {
        await record(caller, request.id, vendor, body.connection, 'refused', picked.refusal);
        return refused('relay_policy', picked.refusal);
      }
      const { connection } = picked;
      if (request.kind === 'deactivate' && !engineer.seatReturns) {
        await record(caller, request.id, vendor, connection.name, 'refused', SEAT_RETURNS_REFUSED);
        return refused('relay_policy', SEAT_RETURNS_REFUSED);
      }
      const contentSha256 = sha256Hex(JSON.stringify([vendor, request]));
      const row = await requests.submit({ id: request.id, contentSha256, kioskId: caller.kiosk.id, engineerId: engineer.id, connectionId: connection.id, kind: request.kind, body: request });
      if (row.contentSha256 !== contentSha256) {
        const message = 'The relay already holds a different request under this id; it was not sent. Capture the request from the device again.';
        await record(caller, request.id, vendor, connection.name, 'refused', message);
        return refused('request_conflict', message);
      }
      // The connection the request was first stored with answers it, even if the engineer's default changed since.
      const rowConnection = row.connectionId === connection.id ? connection : await connections.byId(row.connectionId);
      if (!rowConnection) return refused('relay_policy', 'The relay connection this request was sent through was removed; ask your relay operator.');
      if (row.outcome) return answerOf(row.outcome, rowConnection.name);
      const claim = await requests.claim(request.id, deps.processId, deps.claimSeconds, engineer.dailyLimit);
      if ('final' in claim) return answerOf(claim.final.outcome!, rowConnection.name);
      if ('busy' in claim) return waitAnswer('relay_busy', 'The relay is sending this request right now; the answer is fetched shortly.', BUSY_RETRY_MS);
      if ('overCap' in claim) {
        const message = capRefusal(claim.overCap.limit, claim.overCap.used);
        await record(caller, request.id, vendor, rowConnection.name, 'refused', message);
        return refused('relay_daily_limit', message);
      }
      try {
        return await work(caller, rowConnection, row.body, claim.claimed.sent);
      } catch (error) {
        // Unexpected (a bug, or the database lost mid-way): the claim expires and the next try reconciles.
        return waitAnswer('relay_error', `The relay could not finish this request (${(error as Error).message}); it is sent again shortly.`, BUSY_RETRY_MS);
      }
    },
  };
}

export type RelayService = ReturnType<typeof relayService>;
