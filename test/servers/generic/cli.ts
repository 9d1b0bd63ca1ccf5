// `npm run test-server -- [--port N] [--public-key-out FILE]`: the seed-004 licence
// server with the sample licences, for trying the kiosk by hand.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stopOnSignal } from '../stop-on-signal.ts';
import { SAMPLE_KEYS, sampleLicenses, startLicenseServer } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    'public-key-out': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const server = await startLicenseServer({ licenses: sampleLicenses() }, { port });
if (values['public-key-out']) writeFileSync(values['public-key-out'], server.publicKeyPem);

console.log(`Licence API listening at ${server.url}\n`);
console.log(`Vendor public key${values['public-key-out'] ? ` (also written to ${values['public-key-out']})` : ''}:\n${server.publicKeyPem}`);
console.log('Sample licence keys:');
for (const [name, key] of Object.entries(SAMPLE_KEYS)) console.log(`  ${name.padEnd(10)} ${key}`);
console.log('\nCtrl-C to stop.');

stopOnSignal(server);
