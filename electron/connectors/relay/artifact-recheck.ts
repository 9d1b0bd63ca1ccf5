// The kiosk checks a relay's answer again with the vendor keys it pinned at enrolment, using each
// vendor's own checks, so a relay (or whoever took it over) cannot hand a device a file the vendor did
// not sign for this request. Returns null when the artifact holds, else a sentence.
import { createPublicKey } from 'node:crypto';
import { importRsaPublicKey } from '../../../shared/crypto/rsa.ts';
import { t } from '../../../shared/i18n/index.ts';
import { readSignedDocument, verifySignedDocument } from '../../../shared/crypto/signed-document.ts';
import { checkActiveRecord, checkReleaseRecord } from '../../../shared/formats/license-record.ts';
import { readLicenseSpring } from '../../../shared/formats/licensespring.ts';
import type { PinnedConnection } from '../../../shared/api/vendors/relay.ts';
import { checkOfflineResponse } from '../cryptlex/offline-response.ts';
import { checkLicenseFile } from '../keygen/license-file.ts';
import { checkMachineFile } from '../keygen/machine-file.ts';
import { checkSignedFile, parseVerifyKey } from '../keygen/signed-file.ts';
import { checkLicenseDocument } from '../licensespring/license-document.ts';
import type { Artifact, ConnectorRequest } from '../types.ts';

/** Clock allowance for expiry checks: the relay's vendor call and this check are seconds apart. */
const SKEW_MS = 5 * 60_000;

type Check = (pin: PinnedConnection['settings'], request: ConnectorRequest, artifact: Artifact, now: number) => Promise<string | null>;

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const str = (value: unknown) => (typeof value === 'string' ? value : '');

const generic: Check = async (pin, request, artifact, now) => {
  const read = readSignedDocument(artifact.bytes);
  if (!read.ok) return t('connector:relay.recheck.notSigned', { reason: read.reason });
  const form = await verifySignedDocument(await importRsaPublicKey(str(pin.publicKeyPem)), read.document);
  if (!form) return t('connector:relay.recheck.signatureBad');
  const ask = { licenseKey: request.licenseKey, machineId: request.deviceId };
  const problems = request.kind === 'deactivate' ? checkReleaseRecord(read.document.data, ask) : checkActiveRecord(read.document.data, ask, now, SKEW_MS).problems;
  return problems[0]?.reason ?? null;
};

/** The licence id a signed Keygen file names (its signature is checked again below, with that id expected). */
function keygenLicenseId(fileText: string, kind: 'machine' | 'license', pin: PinnedConnection['settings'], secret: string): string | null {
  const key = parseVerifyKey(str(pin.publicKeyHex));
  if (!key.ok) return null;
  const signed = checkSignedFile(fileText, { kind, verifyKey: key.key, secret });
  if (!signed.ok) return null;
  const data = (signed.json as { data?: { id?: unknown; relationships?: { license?: { data?: { id?: unknown } } } } }).data;
  return kind === 'license' ? str(data?.id) || null : str(data?.relationships?.license?.data?.id) || null;
}

const keygen: Check = async (pin, request, artifact, now) => {
  const fileText = text(artifact.bytes);
  const ttlSeconds = pin.checkoutTtlSeconds === null ? null : typeof pin.checkoutTtlSeconds === 'number' ? pin.checkoutTtlSeconds : undefined;
  if (request.kind === 'deactivate') return null; // a release receipt: see RELEASE_NOTE
  if (request.kind === 'license-file') {
    const licenseId = keygenLicenseId(fileText, 'license', pin, request.licenseKey);
    if (!licenseId) return t('connector:relay.recheck.notLicenseFile');
    const check = checkLicenseFile(fileText, { verifyKey: str(pin.publicKeyHex), licenseKey: request.licenseKey, licenseId, now, clockSkewMs: SKEW_MS, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) });
    return check.ok ? null : check.message;
  }
  const licenseId = keygenLicenseId(fileText, 'machine', pin, request.licenseKey + request.deviceId);
  if (!licenseId) return t('connector:relay.recheck.notMachineFile');
  const check = await checkMachineFile(fileText, { publicKeyHex: str(pin.publicKeyHex), licenseKey: request.licenseKey, fingerprint: request.deviceId, now, clockSkewMs: SKEW_MS, licenseId, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) });
  return check.ok ? null : check.message;
};

function claimedLicenseId(token: string): string | null {
  try {
    return str((JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { lid?: unknown }).lid);
  } catch {
    return null;
  }
}

const cryptlex: Check = async (pin, request, artifact, now) => {
  if (request.kind === 'deactivate') return null;
  const pem = str(pin.productPublicKeyPem);
  const token = text(artifact.bytes);
  // The licence id is read from the claims; the signature and the hash of the device's own request bind them.
  const licenseId = claimedLicenseId(token);
  if (licenseId === null) return t('connector:relay.recheck.notOfflineResponse');
  if (!pem) return t('connector:relay.recheck.noProductKey');
  const check = checkOfflineResponse(token, { licenseId, fingerprint: null, requestSent: request.requestBody ?? '', now, skewMs: SKEW_MS, productKey: createPublicKey(pem) });
  return check.ok ? null : check.message;
};

const licensespring: Check = async (pin, request, artifact) => {
  if (request.kind === 'deactivate') return null;
  // The .lic file is the vendor's document in base64, as the device reads it.
  const encoded = text(artifact.bytes).trim();
  const document = Buffer.from(encoded, 'base64');
  if (document.toString('base64') !== encoded) return t('connector:relay.recheck.notBase64');
  const check = checkLicenseDocument(document, readLicenseSpring(request.requestBody ?? ''), createPublicKey(str(pin.publicKeyPem)));
  return check.ok ? null : check.message;
};

const CHECKS: Record<PinnedConnection['vendor'], Check> = { generic, keygen, cryptlex, licensespring };

/** Said of a release: Keygen, Cryptlex and LicenseSpring do not sign them, so there is nothing the kiosk can check again. */
export function releaseNote(): string {
  return t('connector:relay.releaseNote');
}

export async function recheckArtifact(pin: PinnedConnection, request: ConnectorRequest, artifact: Artifact, now = Date.now()): Promise<string | null> {
  try {
    return await CHECKS[pin.vendor](pin.settings, request, artifact, now);
  } catch (error) {
    return t('connector:relay.recheck.failed', { problem: (error as Error).message });
  }
}
