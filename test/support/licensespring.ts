// LicenseSpring test plumbing: the stand-in server, a connector for it with both keys in a real
// secret-store file, and queued requests made from request files the way capture makes them.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { TestContext } from 'node:test';
import { encodeLicenseSpringCredentials } from '../../electron/connectors/licensespring/credentials.ts';
import { createLicenseSpringConnector, type LicenseSpringSettings } from '../../electron/connectors/licensespring/licensespring-connector.ts';
import type { ConnectorRequest, Failure, Outcome, Reconciled } from '../../electron/connectors/types.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { detect } from '../../shared/formats/request.ts';
import { LICENSESPRING_SAMPLES, licenseSpringSampleOptions, startLicenseSpringServer, type LicenseSpringServerOptions } from '../servers/licensespring/index.ts';
import { makeLicenseSpringRequest, type RequestFileInput } from '../servers/licensespring/request-file.ts';
import { tempDir } from './temp.ts';

export const LS = LICENSESPRING_SAMPLES;
export const LS_SERVER_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const LS_SECRETS: string[] = [LS.sharedKey, ...Object.values(LS.apiKeys)];

export interface RequestFile {
  text: string;
  request: ConnectorRequest;
  requestId: string;
}

/** A device's request file, and the queued request capture makes of it. */
export function lsRequest(over: Partial<RequestFileInput> = {}): RequestFile {
  const input: RequestFileInput = { kind: 'activation', product: LS.product, hardwareId: 'hw-press-0001', licenseKey: LS.licenses.perpetual.key, apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey, hostname: 'press-line-1', ...over };
  if (over.username) delete input.licenseKey;
  const text = makeLicenseSpringRequest(input);
  const parsed = detect(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  const r = parsed.request;
  return {
    text,
    requestId: r.deviceDetails.request_id!,
    request: { id: 'req-1', kind: r.kind, licenseKey: r.licenseKey, deviceId: r.deviceId, deviceLabel: r.deviceLabel, deviceDetails: r.deviceDetails, requestBody: r.requestBody! },
  };
}

export async function lsSetup(t: TestContext, opts: { settings?: Partial<LicenseSpringSettings>; server?: Partial<LicenseSpringServerOptions>; apiKey?: string; sharedKey?: string; noCredentials?: boolean; now?: () => number } = {}) {
  const server = await startLicenseSpringServer({ ...licenseSpringSampleOptions(), privateKeyPem: LS_SERVER_KEY_PEM, ...opts.server });
  t.after(() => server.close());
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  if (!opts.noCredentials) await secrets.set('ls:credentials', encodeLicenseSpringCredentials({ apiKey: opts.apiKey ?? LS.apiKeys.full, sharedKey: opts.sharedKey ?? LS.sharedKey }));
  const connector = createLicenseSpringConnector(
    { baseUrl: server.url, credentialsSecretId: 'ls:credentials', publicKeyPem: server.publicKeyPem, healthProductCode: LS.product, ...opts.settings },
    { secrets, timeoutMs: 3000, ...(opts.now ? { now: opts.now } : {}) },
  );
  return { server, connector, secrets };
}

export function lsOk(outcome: Reconciled): Extract<Outcome, { ok: true }> {
  assert.equal(outcome.ok, true, `expected success, got ${JSON.stringify({ ...outcome, artifact: undefined })}`);
  return outcome as Extract<Outcome, { ok: true }>;
}

export function lsFailed(outcome: Reconciled, code: string, retryable: boolean): Failure {
  assert.equal(outcome.ok, false, `expected failure ${code}, got ${JSON.stringify({ ...outcome, artifact: undefined })}`);
  assert.ok(!('notApplied' in outcome), 'expected a failure, got notApplied');
  const f = outcome as Failure;
  assert.equal(f.code, code, f.message);
  assert.equal(f.retryable, retryable, f.message);
  for (const secret of LS_SECRETS) assert.ok(!f.message.includes(secret), `a message must not contain a key: ${f.message}`);
  return f;
}
