// The seed-004 licence server for tests and by-hand runs, with a fixed set of sample licences.
import type { LicenseRecord } from '../../../electron/demo/license-server.ts';

export * from '../../../electron/demo/license-server.ts';

export const SAMPLE_KEYS = {
  /** Active, 3 activations, no expiry. */
  active3: 'ACTIV-THREE-SEATS-DEMO0-00001',
  /** Active, 1 activation, expires in 2099. */
  active1: 'ACTIV-SINGL-SEATS-DEMO0-00002',
  suspended: 'SUSPN-THREE-SEATS-DEMO0-00003',
  /** Expired in 2020. */
  expired: 'EXPRD-THREE-SEATS-DEMO0-00004',
} as const;

export function sampleLicenses(): LicenseRecord[] {
  return [
    { key: SAMPLE_KEYS.active3, status: 'active', maxActivations: 3, expiresAt: null, product: 'Kiosk Demo Pro', customer: 'Demo Plant A' },
    { key: SAMPLE_KEYS.active1, status: 'active', maxActivations: 1, expiresAt: '2099-12-31T23:59:59Z', product: 'Kiosk Demo Lite', customer: 'Demo Plant B' },
    { key: SAMPLE_KEYS.suspended, status: 'suspended', maxActivations: 3, expiresAt: null, product: 'Kiosk Demo Pro', customer: 'Demo Plant C' },
    { key: SAMPLE_KEYS.expired, status: 'active', maxActivations: 3, expiresAt: '2020-01-01T00:00:00Z', product: 'Kiosk Demo Pro', customer: 'Demo Plant D' },
  ];
}
