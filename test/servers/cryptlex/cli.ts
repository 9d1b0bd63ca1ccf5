// `npx tsx test/servers/cryptlex/cli.ts [--port N] [--public-key-out FILE]`: the Cryptlex stand-in
// with sample licences, tokens and one ready-made offline request, for trying the connection by hand.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stopOnSignal } from '../stop-on-signal.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from './index.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4030' }, 'public-key-out': { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const server = await startCryptlexServer(cryptlexSampleOptions(), { port });
if (values['public-key-out']) writeFileSync(values['public-key-out'], server.productPublicKeyPem);
console.log(`Cryptlex-like Web API v3 listening at ${server.url}\n`);
console.log(`Product public key (RSA, verifies offline responses)${values['public-key-out'] ? `, also in ${values['public-key-out']}` : ''}:\n${server.productPublicKeyPem}`);
console.log('Licences (key  id  notes):');
const notes: Record<string, string> = {
  twoSeats: '2 activations',
  oneSeat: '1 activation',
  revoked: 'revoked (400 REVOKED_LICENSE)',
  suspended: 'suspended (activated; the signed response says so)',
  expired: 'expired 2020 (activated; the signed response says so)',
  oneDeactivation: '2 activations, 1 deactivation (then 409 DEACTIVATION_LIMIT_REACHED)',
  noVm: 'no virtual machines (400 VM_ACTIVATION_NOT_ALLOWED for a request with vmName)',
  germanyOnly: 'Germany only (400 COUNTRY_NOT_ALLOWED: callers have no country here)',
  oneAddress: 'from 203.0.113.7 only (400 IP_ADDRESS_NOT_ALLOWED)',
  floating: 'hosted floating (400 INVALID_LICENSE_TYPE)',
  meterUsedUp: 'meter "scans" used up (400 METER_ATTRIBUTE_USES_LIMIT_REACHED for a request using it)',
};
for (const [name, l] of Object.entries(CRYPTLEX_SAMPLES.licenses)) console.log(`  ${l.key}  ${l.id}  ${notes[name] ?? ''}`);
console.log('\nPersonal access tokens:');
console.log(`  ${CRYPTLEX_SAMPLES.tokens.lookup}  license:read only (key → id lookups)`);
console.log(`  ${CRYPTLEX_SAMPLES.tokens.activation}  activation:read + activation:write`);
console.log(`  ${CRYPTLEX_SAMPLES.tokens.full}  all three`);
console.log(`  ${CRYPTLEX_SAMPLES.tokens.expired}  expired`);
const sample = makeOfflineRequest({ type: 'activation', key: CRYPTLEX_SAMPLES.licenses.twoSeats.key, fp: 'demo-fingerprint-0001', pid: CRYPTLEX_SAMPLES.productId });
console.log(`\nA device offline activation request for the 2-seat licence (fingerprint demo-fingerprint-0001):\n  ${sample}`);
console.log(`\nTry: curl -s -X POST ${server.url}/v3/activations/offline-activate -H 'Authorization: Bearer ${CRYPTLEX_SAMPLES.tokens.full}' \\\n  -H 'Content-Type: application/json' -d '{"offlineRequest":"${sample}","responseValidity":259200,"licenseId":"${CRYPTLEX_SAMPLES.licenses.twoSeats.id}"}'`);
console.log('\nCtrl-C to stop.');

stopOnSignal(server);
