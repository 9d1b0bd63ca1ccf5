// A LicenseSpring offline request file made the way their Python SDK's activate_offline_dump /
// deactivate_offline_dump makes it (schema version 2): the members in the SDK's order, the inner
// signature HMAC-SHA256(shared key, "licenseSpring\ndate: <date>\n<key or username>\n<hardware id>\n
// <api key>"), the outer one HMAC-SHA256(shared key, json.dumps(request)) with Python's default
// separators (", ", ": ") — ensure_ascii on for activations, off for deactivations, as the SDK has it —
// and the file base64(json.dumps({"request", "signature"})). Used by the device simulator and the tests.
import { createHmac, randomUUID } from 'node:crypto';

export type PyValue = null | boolean | number | string | PyValue[] | PyObject;
/** An object with its member order, as a Python dict keeps it. */
export class PyObject {
  constructor(readonly entries: Array<[string, PyValue]>) {}
}

/** Python's json.dumps with its default separators. */
export function pythonDumps(value: PyValue, ensureAscii: boolean): string {
  const str = (s: string) => {
    const json = JSON.stringify(s);
    return ensureAscii ? json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
  };
  if (value instanceof PyObject) return `{${value.entries.map(([k, v]) => `${str(k)}: ${pythonDumps(v, ensureAscii)}`).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map((v) => pythonDumps(v, ensureAscii)).join(', ')}]`;
  if (typeof value === 'string') return str(value);
  return JSON.stringify(value);
}

export function hmacBase64(key: string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64');
}

export function innerSigningString(date: string, identity: string, hardwareId: string, apiKey: string): string {
  return `licenseSpring\ndate: ${date}\n${identity}\n${hardwareId}\n${apiKey}`;
}

export interface RequestFileInput {
  kind: 'activation' | 'deactivation';
  product: string;
  hardwareId: string;
  licenseKey?: string;
  username?: string;
  apiKey: string;
  sharedKey: string;
  hostname?: string;
  osVer?: string;
  appVer?: string;
  date?: string;
  requestId?: string;
  /** Extra members, appended before date/request_id as the SDK's additional data is. */
  extra?: Array<[string, PyValue]>;
}

export function makeLicenseSpringRequest(input: RequestFileInput): string {
  const date = input.date ?? new Date().toUTCString();
  const entries: Array<[string, PyValue]> = [['request', input.kind], ['product', input.product], ['hardware_id', input.hardwareId]];
  if (input.licenseKey) entries.push(['license_key', input.licenseKey]);
  if (input.username) entries.push(['username', input.username]);
  entries.push(['os_ver', input.osVer ?? 'Linux-6.1-x86_64'], ['hostname', input.hostname ?? 'device'], ['ip', '10.0.0.7'], ['mac_address', '02:00:00:00:00:07']);
  if (input.kind === 'activation') entries.push(['is_vm', false], ['vm_info', null]);
  entries.push(['sdk_ver', 'PythonSDK 2.9.0']);
  if (input.appVer) entries.push(['app_ver', input.appVer]);
  entries.push(...(input.extra ?? []));
  entries.push(['date', date], ['request_id', input.requestId ?? randomUUID()], ['schema_version', 2]);
  entries.push(['signature', hmacBase64(input.sharedKey, innerSigningString(date, input.licenseKey ?? input.username ?? '', input.hardwareId, input.apiKey))]);
  entries.push(['api_key', input.apiKey]);
  const request = new PyObject(entries);
  const ensureAscii = input.kind === 'activation';
  const file = new PyObject([['request', request], ['signature', hmacBase64(input.sharedKey, pythonDumps(request, ensureAscii))]]);
  return Buffer.from(pythonDumps(file, ensureAscii), 'utf8').toString('base64');
}
