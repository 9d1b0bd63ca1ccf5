// `npm start` runs the app in Electron, whose ABI differs from Node's. Rebuilding better-sqlite3 in
// node_modules would break the tests (they run in Node), so this builds an Electron copy beside it
// in out/native/electron-<version>/, which main.ts loads through better-sqlite3's nativeBinding
// option. Packaged apps do not need this: electron-builder rebuilds node_modules itself.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rebuild } from '@electron/rebuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
const electronVersion = require('electron/package.json').version;
const target = path.join(root, 'out', 'native', `electron-${electronVersion}`, 'better_sqlite3.node');

if (fs.existsSync(target)) process.exit(0);

const work = path.join(root, 'out', 'native', 'work');
const moduleDir = path.dirname(require.resolve('better-sqlite3/package.json'));
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
fs.cpSync(moduleDir, path.join(work, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) || src.endsWith(`${path.sep}build`),
});
fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'native-work', version: '0.0.0', dependencies: { 'better-sqlite3': '*' } }));

console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(path.join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), target);
fs.rmSync(work, { recursive: true, force: true });
console.log(`Electron build of better-sqlite3 ready: ${path.relative(root, target)}`);
