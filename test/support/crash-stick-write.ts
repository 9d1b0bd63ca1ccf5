// A kiosk process that dies while writing answers back to a stick: it opens the core with a mount
// root, and the OS kills it (SIGKILL) the moment the second answer's temp file is about to get its
// final name. Usage: crash-stick-write.ts <dataDir> <mountRoot> <stickPath>
import fs from 'node:fs';
import { openCore } from './core.ts';

const [dataDir, mountRoot, stick] = process.argv.slice(2);
if (!dataDir || !mountRoot || !stick) throw new Error('usage: crash-stick-write.ts <dataDir> <mountRoot> <stickPath>');

const kiosk = openCore(dataDir, { sticks: { mountRoots: [mountRoot], pollMs: 60_000 } });
const rename = fs.renameSync;
let renames = 0;
fs.renameSync = (from, to) => {
  if (++renames === 2) process.kill(process.pid, 'SIGKILL');
  rename(from, to);
};
await kiosk.call('writeAnswersToStick', { path: stick });
