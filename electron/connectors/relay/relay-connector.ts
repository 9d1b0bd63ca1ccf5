// The kiosk's relay connection: each queued request goes to the relay with a signed call (the request
// id is the relay's idempotency key, so a retry never activates twice), and the relay's answer is
// checked again with the vendor keys pinned at enrolment before the kiosk keeps it. Offline, requests
// wait in the kiosk as for any vendor.
import os from 'node:os';
import type { PinnedConnection, RelaySettings } from '../../../shared/api/vendors/relay.ts';
import { t } from '../../../shared/i18n/index.ts';
import { enrol, signedCall, submit } from '../../relay/relay-client.ts';
import { newKeyPair } from '../../relay/signed-call.ts';
import { helloAnswer, type SubmitAnswer } from '../../relay/wire.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import type { Connector, ConnectorRequest, Failure, HealthCheck, Outcome } from '../types.ts';
import { recheckArtifact, releaseNote } from './artifact-recheck.ts';

type Settings = TransportSettings & RelaySettings;

const SIGNING_KEY = /^[0-9a-f]{64}$/;

function failure(code: string, retryable: boolean, message: string, retryAt: number | null = null): Failure {
  return { ok: false, retryable, code, message, retryAt, rateLimit: null };
}

/** Spends a one-time code: a fresh key pair for this kiosk, its public half sent to the relay. */
export async function enrolWithRelay(baseUrl: string, code: string): Promise<{ secretKeyHex: string; settings: RelaySettings }> {
  const pair = await newKeyPair();
  // ui-text-ok: the kiosk's name in the relay operator's list (the relay speaks English), not shown here
  const answer = await enrol(baseUrl, code, pair.publicKeyHex, `Activation Kiosk on ${os.hostname()}`);
  if ('kioskId' in answer) return { secretKeyHex: pair.secretKeyHex, settings: { engineer: answer.engineer, kioskId: answer.kioskId, pinned: answer.connections } };
  throw new Error(answer.ok ? t('connector:relay.enrolUnreadable') : answer.message);
}

export function createRelayConnector(settings: Settings, ports: { secrets: SecretStore; secretId: string }): Connector {
  async function keys(): Promise<{ kioskId: string; secretKeyHex: string } | null> {
    const key = await ports.secrets.get(ports.secretId);
    return key && SIGNING_KEY.test(key) && settings.kioskId ? { kioskId: settings.kioskId, secretKeyHex: key } : null;
  }
  const notEnrolled = () => failure('relay_not_enrolled', false, t('connector:relay.notEnrolled'));

  /** The pinned connection a request goes through: the one its details name, else the first of its vendor. */
  function pinFor(request: ConnectorRequest): PinnedConnection | Failure {
    const vendor = request.vendor ?? 'generic';
    const ofVendor = settings.pinned.filter((p) => p.vendor === vendor);
    const named = request.deviceDetails.connection ? ofVendor.find((p) => p.name === request.deviceDetails.connection) : undefined;
    const pin = named ?? ofVendor[0];
    if (!pin) return failure('relay_no_connection', false, vendor === 'relay' ? t('connector:relay.noConnection') : t('connector:relay.noVendorConnection', { vendor }));
    return pin;
  }

  async function send(request: ConnectorRequest): Promise<Outcome> {
    const signing = await keys();
    if (!signing) return notEnrolled();
    const pin = pinFor(request);
    if ('ok' in pin) return pin;
    // The relay is told the vendor once, beside the request.
    const sent: ConnectorRequest = { ...request };
    delete sent.vendor;
    const answer: SubmitAnswer = await submit(settings.baseUrl, signing, { vendor: pin.vendor, connection: pin.name, request: sent });
    if (!answer.ok) return failure(answer.code, answer.retryable, answer.message, answer.retryAfterMs === null ? null : Date.now() + answer.retryAfterMs);
    const artifact = { fileName: answer.artifact.fileName, mediaType: answer.artifact.mediaType, bytes: new Uint8Array(Buffer.from(answer.artifact.bytesBase64, 'base64')), expiresAt: answer.artifact.expiresAt };
    const problem = await recheckArtifact(pin, request, artifact);
    if (problem) return failure('relay_artifact_invalid', false, t('connector:relay.artifactInvalid', { vendor: pin.vendor, problem }));
    const after = request.kind === 'deactivate' ? releaseNote() : t('connector:relay.checkedAgain');
    return { ok: true, artifact, note: t('connector:relay.through', { name: pin.name, note: answer.note, after }), rateLimit: null };
  }

  return {
    async health(): Promise<HealthCheck[]> {
      const signing = await keys();
      if (!signing) return [{ name: t('connector:relay.checks.enrolment'), ok: false, message: t('connector:relay.notEnrolledYet') }];
      const answer = await signedCall(settings.baseUrl, signing, 'GET', '/v1/hello', '');
      const name = t('connector:relay.checks.relay');
      if (!('status' in answer)) return [{ name, ok: false, message: answer.message }];
      const hello = helloAnswer.safeParse(answer.json);
      if (answer.status !== 200 || !hello.success) {
        const message = (answer.json as { message?: unknown } | null)?.message;
        return [{ name, ok: false, message: typeof message === 'string' ? message : t('connector:relay.status', { status: answer.status }) }];
      }
      return [{ name, ok: true, message: t('connector:relay.enrolled', { engineer: hello.data.engineer, connections: hello.data.connections.join(', ') || t('connector:relay.none') }) }];
    },
    fulfil: send,
    // The relay answers a request it already handled from its store, and reconciles with the vendor itself
    // when a process of its own was interrupted: asking again never sends a second activation.
    reconcile: send,
  };
}
