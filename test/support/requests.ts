// Builders for request files, as devices write them.
import { createHash } from 'node:crypto';

export const machineId = (name: string) => createHash('sha256').update(name).digest('hex');

export function seed004File(licenseKey: string, device: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ license_key: licenseKey, machine_id: machineId(device), hostname: device, ...extra });
}

export function kioskFile(licenseKey: string, device: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'activation-kiosk/request',
    version: 1,
    kind: 'activate',
    license_key: licenseKey,
    fingerprint: machineId(device),
    device: { hostname: device, os: 'Linux', app_version: '1.0.0' },
    nonce: `nonce-${device}-0001`,
    created_at: '2026-11-01T10:00:00Z',
    ...extra,
  });
}

/** Keygen's air-gapped activation QR text: base64 of the JSON `{ key, fingerprint }` (in that order). */
export function keygenQrText(key: string, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ key, fingerprint })).toString('base64');
}

export const item = (name: string, text: string) => ({ name, size: Buffer.byteLength(text), text });
