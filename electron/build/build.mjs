// Builds everything `npm start`, `npm run web` and the tests need: the main process, the preload
// and the web host with esbuild (CommonJS, as Electron's sandboxed preload requires), and the
// renderer with Vite.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
  absWorkingDir: root,
};

await Promise.all([
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'out/main/main.cjs' }),
  esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'out/preload/preload.cjs' }),
  esbuild({ ...common, entryPoints: ['electron/web/web-host.ts'], outfile: 'out/web/web-host.cjs' }),
]);
await vite({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
console.log('built out/main, out/preload, out/web, out/renderer');
