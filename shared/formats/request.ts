// Device activation requests as files: recognises each accepted form, validates it, and reduces it
// to one shape the queue stores. Never guesses: an input that fits no form is refused with the list
// of forms tried.
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json.ts';

export const LICENSE_KEY_PATTERN = /^[A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5}){4}$/;
export const MACHINE_ID_PATTERN = /^[0-9a-fA-F]{64}$/;
export const KIOSK_REQUEST_FORMAT = 'activation-kiosk/request';
export const KIOSK_REQUEST_VERSION = 1;

export type RequestKind = 'activate' | 'deactivate' | 'refresh';

export interface ParsedRequest {
  format: 'seed004-json' | 'kiosk-request-v1';
  formatLabel: string;
  kind: RequestKind;
  licenseKey: string;
  /** The device's identity the licence is bound to (seed 004: machine_id; kiosk: fingerprint). */
  deviceId: string;
  deviceLabel: string | null;
  deviceDetails: Record<string, string>;
  expiresAt: string | null;
  /** The request's canonical content: its id is the SHA-256 of this string. */
  canonical: string;
}

export type ParseResult = { ok: true; request: ParsedRequest } | { ok: false; problem: string };

const detailValue = z.union([z.string().max(500), z.number(), z.boolean()]).transform(String);
const deviceDetails = z.record(z.string().max(100), detailValue).refine((o) => Object.keys(o).length <= 30, 'too many device details (at most 30)');

const seed004Form = z.looseObject({
  license_key: z.string().regex(LICENSE_KEY_PATTERN, 'license_key must look like XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (letters and digits)'),
  machine_id: z.string().regex(MACHINE_ID_PATTERN, 'machine_id must be 64 hexadecimal characters (a SHA-256)'),
  hostname: z.string().max(255).optional(),
  device_name: z.string().max(255).optional(),
  device: deviceDetails.optional(),
});

const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z' });

const kioskRequestV1 = z.strictObject({
  format: z.literal(KIOSK_REQUEST_FORMAT),
  version: z.literal(KIOSK_REQUEST_VERSION),
  kind: z.enum(['activate', 'deactivate', 'refresh'], 'kind must be activate, deactivate or refresh'),
  target: z.strictObject({ connection: z.string().max(200).optional(), product: z.string().max(200).optional() }).optional(),
  license_key: z.string().min(1, 'license_key is empty').max(512),
  fingerprint: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'fingerprint must be 1 to 256 printable ASCII characters'),
  device: z
    .strictObject({
      hostname: z.string().max(255).optional(),
      os: z.string().max(255).optional(),
      app_version: z.string().max(100).optional(),
    })
    .optional(),
  nonce: z.string().regex(/^[\x21-\x7e]{8,128}$/, 'nonce must be 8 to 128 printable ASCII characters'),
  created_at: isoDate,
  expires_at: isoDate.optional(),
});

const TRIED =
  'tried the kiosk request (needs "format": "activation-kiosk/request") and the license API request (needs "license_key" and "machine_id")';

export function parseRequestText(text: string): ParseResult {
  if (text.trim() === '') return { ok: false, problem: 'the file is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: `unknown form: expected a JSON object; ${TRIED}` };
  }
  const object = value as Record<string, unknown>;
  if ('format' in object) return parseKioskRequest(object);
  if ('license_key' in object || 'machine_id' in object) return parseSeed004(object);
  return { ok: false, problem: `unknown form: ${TRIED}` };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.join('.');
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${path} is missing`;
  if (issue.code === 'unrecognized_keys') return `unexpected field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message.startsWith(path.split('.')[0] ?? '') || !path ? issue.message : `${path}: ${issue.message}`;
}

function parseSeed004(object: Record<string, unknown>): ParseResult {
  const parsed = seed004Form.safeParse(object);
  if (!parsed.success) return { ok: false, problem: `license API request: ${firstIssue(parsed.error)}` };
  const { license_key, machine_id, hostname, device_name, device } = parsed.data;
  const details: Record<string, string> = { ...(device ?? {}) };
  if (hostname) details.hostname = hostname;
  if (device_name) details.device_name = device_name;
  return {
    ok: true,
    request: {
      format: 'seed004-json',
      formatLabel: 'License API request (JSON)',
      kind: 'activate',
      licenseKey: license_key.toUpperCase(),
      deviceId: machine_id.toLowerCase(),
      deviceLabel: device_name ?? hostname ?? details.hostname ?? details.name ?? null,
      deviceDetails: details,
      expiresAt: null,
      canonical: canonicalJson({ ...object, license_key: license_key.toUpperCase(), machine_id: machine_id.toLowerCase() }),
    },
  };
}

function parseKioskRequest(object: Record<string, unknown>): ParseResult {
  if (object.format !== KIOSK_REQUEST_FORMAT) return { ok: false, problem: `unknown form "${String(object.format).slice(0, 60)}": ${TRIED}` };
  if (typeof object.version === 'number' && object.version > KIOSK_REQUEST_VERSION) {
    return { ok: false, problem: `kiosk request version ${object.version} is newer than this app reads (version ${KIOSK_REQUEST_VERSION}); update Activation Kiosk` };
  }
  const parsed = kioskRequestV1.safeParse(object);
  if (!parsed.success) return { ok: false, problem: `kiosk request: ${firstIssue(parsed.error)}` };
  const r = parsed.data;
  const details: Record<string, string> = {};
  if (r.device?.hostname) details.hostname = r.device.hostname;
  if (r.device?.os) details.os = r.device.os;
  if (r.device?.app_version) details.app_version = r.device.app_version;
  if (r.target?.product) details.product = r.target.product;
  return {
    ok: true,
    request: {
      format: 'kiosk-request-v1',
      formatLabel: 'Kiosk request v1 (JSON)',
      kind: r.kind,
      licenseKey: r.license_key,
      deviceId: r.fingerprint,
      deviceLabel: r.device?.hostname ?? null,
      deviceDetails: details,
      expiresAt: r.expires_at ?? null,
      canonical: canonicalJson(r),
    },
  };
}

/** Shows enough of a licence key to recognise it without exposing it: "ABCDE-•••••-…-WXYZ5". */
export function maskLicenseKey(key: string): string {
  if (key.length <= 10) return '•'.repeat(key.length);
  return `${key.slice(0, 5)}-•••-${key.slice(-5)}`;
}
