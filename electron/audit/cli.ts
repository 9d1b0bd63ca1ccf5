// `npm run audit -- verify FILE [--key KEY]`: checks an exported audit bundle offline, with nothing
// but the file (and, optionally, the key or fingerprint the kiosk's Settings shows).
//
// Exit codes:
//   0  the bundle is intact: every entry matches its chain and the signature verifies
//   1  an entry does not match: the first one is named (edited, deleted, moved, inserted, cut off)
//   2  the signature does not verify, or the bundle is signed by another key than --key
//   3  the file is not a readable audit bundle (missing, not JSON, cut short, another format)
//   64 the command was used wrongly
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyBundleText, MAX_BUNDLE_CHARS } from '../../shared/audit/bundle.ts';
import { nodeSha256 } from '../store/audit-chain.ts';

const USAGE = 'usage: npm run audit -- verify FILE [--key PUBLIC_KEY_HEX_OR_FINGERPRINT]';

function run(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { key: { type: 'string' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 64;
  }
  const [command, file, ...rest] = parsed.positionals;
  if (command !== 'verify' || !file || rest.length) {
    console.error(USAGE);
    return 64;
  }
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_BUNDLE_CHARS) {
      console.error(`${file}: the file is larger than ${MAX_BUNDLE_CHARS / 1024 / 1024} MiB: it is not an audit bundle this command reads.`);
      return 3;
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code ? (error as Error).message : 'it is not UTF-8 text';
    console.error(`${file}: cannot be read (${why}).`);
    return 3;
  }
  const verdict = verifyBundleText(text, { sha256: nodeSha256, ...(parsed.values.key !== undefined ? { expectedKey: parsed.values.key } : {}) });
  (verdict.code === 0 ? console.log : console.error)(`${file}: ${verdict.message}`);
  return verdict.code;
}

process.exitCode = run(process.argv.slice(2));
