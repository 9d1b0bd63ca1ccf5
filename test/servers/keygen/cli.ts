// `npx tsx test/servers/keygen/cli.ts [--port N] [--rate-limit N]`: the Keygen-like test server with
// the sample account, licences and tokens, for trying the Keygen connection by hand.
import { parseArgs } from 'node:util';
import { stopOnSignal } from '../stop-on-signal.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from './index.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4020' }, 'rate-limit': { type: 'string', default: '60' } } });
const port = Number(values.port);
const limit = Number(values['rate-limit']);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(limit) || limit < 1) {
  console.error('usage: --port <0-65535> --rate-limit <requests per 30 s>');
  process.exit(2);
}

const server = await startKeygenServer({ ...keygenSampleOptions(), rateLimit: { limit, windowMs: 30_000 } }, { port });
console.log(`Keygen-like API listening; account base URL:\n  ${server.url}\n`);
console.log(`Account Ed25519 public key (hex):\n  ${server.publicKeyHex}\n`);
console.log(`Account RSA public key (rsa-pss-sha256, rsa-sha256 files):\n${server.verifyKeyFor('rsa-sha256')}`);
console.log(`Account ECDSA P-256 public key (ecdsa-p256 files):\n${server.verifyKeyFor('ecdsa-p256')}`);
console.log('Sample licences (key — what it is):');
const notes: Record<string, string> = {
  nodeLocked: '1 machine, licence-key auth',
  floating3: '3 machines, licence-key auth',
  suspended: 'suspended',
  expired: 'expired in 2020',
  tokenOnly: 'policy forbids licence-key auth: use a token',
};
for (const [name, l] of Object.entries(KEYGEN_SAMPLES.licenses)) console.log(`  ${l.key}  ${notes[name] ?? name}`);
console.log('\nTokens:');
console.log(`  ${KEYGEN_SAMPLES.tokens.product}  product token (whole account)`);
console.log(`  ${KEYGEN_SAMPLES.tokens.activation}  activation token for the token-only licence, 1 activation`);
console.log(`  ${KEYGEN_SAMPLES.tokens.expired}  expired product token`);
console.log(`\nTry: curl -s -X POST ${server.url}/licenses/actions/validate-key -H 'Content-Type: application/json' \\\n  -d '{"meta":{"key":"${KEYGEN_SAMPLES.licenses.floating3.key}","scope":{"fingerprint":"demo-fp"}}}'`);
console.log('\nCtrl-C to stop.');

stopOnSignal(server);
