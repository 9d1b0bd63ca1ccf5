// A device (its simulator state folder) whose request the kiosk, a web-host process, has captured and
// a licence API server has fulfilled: the starting point of every delivery test.
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { startLicenseServer, type LicenseServerHandle } from '../../electron/demo/license-server.ts';
import { runDevice } from './device-cli.ts';
import { machineId } from './requests.ts';
import { tempDir } from './temp.ts';
import { startHostProcess, type HostProcess } from './web-host-process.ts';

export interface FulfilledRequest {
  licenses: LicenseServerHandle;
  host: HostProcess;
  /** The device's state folder (its key and pending request). */
  state: string;
  /** The request's id in the kiosk. */
  id: string;
}

/** Starts both (closed when the test ends); the device `deviceName` asks for `licenseKey` and writes its request to "USB". */
export async function fulfilledRequest(t: TestContext, licenseKey: string, deviceName: string): Promise<FulfilledRequest> {
  const licenses = await startLicenseServer({ licenses: [{ key: licenseKey, status: 'active', maxActivations: 5 }] });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });

  const state = tempDir(t);
  const requestFile = path.join(state, 'request.json');
  await runDevice(['keygen', '--state', state]);
  await runDevice(['request', '--state', state, '--key', licenseKey, '--fingerprint', machineId(deviceName), '--hostname', deviceName, '--out', requestFile]);
  const text = fs.readFileSync(requestFile, 'utf8');
  const { results } = await host.call('capture', { items: [{ name: `${deviceName}.json`, size: text.length, text }] });
  await host.call('syncNow', {});
  return { licenses, host, state, id: results[0]!.requestId! };
}
