// The device side of LicenseSpring's offline activation, written apart from the kiosk's connector: a
// port of what their Python SDK does with `ls_activation.lic` (APIClient.activate_offline_load, then
// LicenseManager.activate_license_offline's checks). base64-decode, parse keeping member order
// (json.loads with an OrderedDict), pop license_signature and license_signature_v2 (both must be
// there: the SDK pops them without a default), json.dumps(separators=(",", ":"), ensure_ascii=False)
// what is left, verify RSA PKCS#1 v1.5 / SHA-256 with the server public key; then the file must be
// for this device (hardware_id), this licence, and the request this device made (request_id, which
// the SDK's activation guard holds).
import { createPublicKey, verify } from 'node:crypto';
import { OrderedObject, parseStrictJsonOrdered, type OrderedJson } from '../../shared/crypto/strict-json.ts';

export interface DeviceExpectation {
  hardwareId: string;
  licenseKey?: string;
  username?: string;
  requestId: string;
}

export type DeviceVerdict = { ok: true; license: Record<string, unknown> } | { ok: false; reason: string };

function pythonCompact(value: OrderedJson): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonCompact).join(',')}]`;
  const members: string[] = [];
  for (const [k, v] of value.entries) members.push(`${JSON.stringify(k)}:${pythonCompact(v)}`);
  return `{${members.join(',')}}`;
}

export function readLsActivation(fileText: string, publicKeyPem: string, expect: DeviceExpectation): DeviceVerdict {
  let document: OrderedJson;
  try {
    document = parseStrictJsonOrdered(Buffer.from(fileText.trim(), 'base64').toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `not a licence file: ${(error as Error).message}` };
  }
  if (!(document instanceof OrderedObject)) return { ok: false, reason: 'not a licence object' };
  const rest = document.entries.filter(([k]) => k !== 'license_signature' && k !== 'license_signature_v2');
  if (!document.entries.some(([k]) => k === 'license_signature')) return { ok: false, reason: "KeyError: 'license_signature'" };
  const v2 = document.get('license_signature_v2');
  if (typeof v2 !== 'string') return { ok: false, reason: "KeyError: 'license_signature_v2'" };
  const message = Buffer.from(pythonCompact(new OrderedObject(rest)), 'utf8');
  if (!verify('sha256', message, createPublicKey(publicKeyPem), Buffer.from(v2, 'base64'))) return { ok: false, reason: 'signature verification failed' };
  const plain = JSON.parse(Buffer.from(fileText.trim(), 'base64').toString('utf8')) as Record<string, unknown>;
  if (plain.hardware_id !== expect.hardwareId) return { ok: false, reason: 'License does not belong to this device' };
  if (expect.licenseKey !== undefined && plain.license_key !== expect.licenseKey) return { ok: false, reason: 'License file is for another licence key' };
  if (expect.username !== undefined && (plain.user as { email?: string } | undefined)?.email !== expect.username) return { ok: false, reason: 'License file is for another user' };
  if (plain.request_id !== expect.requestId) return { ok: false, reason: 'Response file ID mismatch' };
  return { ok: true, license: plain };
}
