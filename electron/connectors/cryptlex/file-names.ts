// Names of the files the kiosk exports for Cryptlex requests, told apart per device. A kiosk request
// names its device (label and fingerprint); a bare LexActivator request file is encrypted for
// Cryptlex and names nothing the kiosk can read, and its stand-in device id is the file's first
// characters, which are the same for every device. Its request id (SHA-256 of the file) is stable and
// differs per file, so its first 8 hex digits stand in for the device.
import { deviceFileName, slug } from '../http.ts';
import type { ConnectorRequest } from '../types.ts';

const ID_PREFIX_CHARS = 8;

/**
 * `<label>-<fingerprint>-cryptlex-<suffix>` when the fingerprint is known, else
 * `<label>-<8 hex of the request id>-cryptlex-<suffix>` (the label only when the engineer gave one).
 */
export function cryptlexFileName(request: Pick<ConnectorRequest, 'id' | 'deviceLabel' | 'deviceId'>, fingerprintKnown: boolean, suffix: 'response.dat' | 'deactivation.json'): string {
  if (fingerprintKnown) return deviceFileName(request, `cryptlex-${suffix}`);
  const device = [slug(request.deviceLabel), slug(request.id, ID_PREFIX_CHARS)].filter(Boolean).join('-') || 'device';
  return `${device}-cryptlex-${suffix}`;
}
