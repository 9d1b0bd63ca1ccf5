// `npm run test-server:licensespring -- [--port N] [--public-key-out FILE]`: the LicenseSpring License
// API stand-in with sample API keys, products and licences, and one ready-made offline request file,
// for trying a connection by hand.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stopOnSignal } from '../stop-on-signal.ts';
import { LICENSESPRING_SAMPLES, licenseSpringSampleOptions, startLicenseSpringServer } from './index.ts';
import { makeLicenseSpringRequest } from './request-file.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4040' }, 'public-key-out': { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const S = LICENSESPRING_SAMPLES;
const server = await startLicenseSpringServer(licenseSpringSampleOptions(), { port });
if (values['public-key-out']) writeFileSync(values['public-key-out'], server.publicKeyPem);
console.log(`LicenseSpring-like License API listening at ${server.url} (base URL; calls go to ${server.url}/api/v4/...)\n`);
console.log(`Server public key (RSA, verifies license_signature_v2)${values['public-key-out'] ? `, also in ${values['public-key-out']}` : ''}:\n${server.publicKeyPem}`);
console.log(`Shared key: ${S.sharedKey}`);
console.log('API keys:');
console.log(`  ${S.apiKeys.full}  read and write, every product`);
console.log(`  ${S.apiKeys.readOnly}  read-only (read_only_api_key on activation)`);
console.log(`  ${S.apiKeys.revoked}  revoked`);
console.log(`  ${S.apiKeys.otherProduct}  only product "otherapp" (api_key_product_not_allowed)`);
console.log(`\nProduct "${S.product}"; also "oldapp" (archived) and "offapp" (disabled).`);
console.log('Licences (key or user  notes):');
for (const l of Object.values(S.licenses)) console.log(`  ${'key' in l ? l.key : l.username}  ${l.note}`);
console.log(`Blacklisted hardware id: ${S.blacklistedHardwareId}`);
const sample = makeLicenseSpringRequest({ kind: 'activation', product: S.product, hardwareId: 'demo-hardware-0001', licenseKey: S.licenses.perpetual.key, apiKey: S.apiKeys.full, sharedKey: S.sharedKey, hostname: 'press-line-1' });
console.log(`\nAn offline activation request file (activate_offline.req) for ${S.licenses.perpetual.key}, hardware id demo-hardware-0001:\n  ${sample}`);
console.log('\nMake more with: npm run device -- request --form licensespring --key KEY --fingerprint HWID --out activate_offline.req');
console.log('\nCtrl-C to stop.');

stopOnSignal(server);
