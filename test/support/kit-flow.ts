// The reference device kit against the kiosk core: a licence API server with one active licence,
// the core in a temp folder with a connection to it, and the requests a device makes and keeps.
import type { TestContext } from 'node:test';
import { makeRequest, type MadeRequest, type PendingRequest, type VendorCheck } from '../../shared/device/kit.ts';
import { decodeKioskEnvelope } from '../../shared/formats/kiosk-request.ts';
import type { CoreOptions } from '../../electron/core/kiosk-core.ts';
import { startLicenseServer, type LicenseServerHandle } from '../../electron/demo/license-server.ts';
import { openCore, type TestCore } from './core.ts';
import { machineId } from './requests.ts';
import { tempDir } from './temp.ts';

export interface KitFlow {
  licenses: LicenseServerHandle;
  kiosk: TestCore;
  /** How the device checks the vendor's signature on a response. */
  vendor: VendorCheck;
}

/** Starts the licence API server (`licenseKey` active) and opens the core with a connection to it; both close when the test ends. */
export async function openKitFlow(t: TestContext, licenseKey: string, options: { maxActivations?: number; core?: Partial<CoreOptions> } = {}): Promise<KitFlow> {
  const licenses = await startLicenseServer({ licenses: [{ key: licenseKey, status: 'active', maxActivations: options.maxActivations ?? 5 }] });
  t.after(() => licenses.close());
  const kiosk = openCore(tempDir(t), options.core);
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  return { licenses, kiosk, vendor: { kind: 'seed004', publicKeyPem: licenses.publicKeyPem } };
}

/** An activation request made now by the device `name` (its fingerprint and hostname); signed when a secret key is given. */
export function deviceRequest(licenseKey: string, name: string, nonce: string, secretKey?: Uint8Array): Promise<MadeRequest> {
  return makeRequest(
    { kind: 'activate', licenseKey, fingerprint: machineId(name), nonce, createdAt: Math.floor(Date.now() / 1000), device: { hostname: name } },
    secretKey,
  );
}

/** The request as the device keeps it pending, to check a response or sign a receipt against. */
export function pendingOf(made: MadeRequest): PendingRequest {
  return { requestId: made.requestId, request: decodeKioskEnvelope(made.cbor).request };
}
