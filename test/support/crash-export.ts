// A kiosk process that dies in the middle of an export: it opens the core on a data folder and exports
// one fulfilled request into a folder, and the OS kills it (SIGKILL) the moment the response's temp
// file is about to get its final name (or, with `bundle`, the moment a many-answer export's finished
// temp folder is about to be renamed into place). Usage: crash-export.ts <dataDir> <exportDir> <requestId> [bundle]
import fs from 'node:fs';
import { openCore } from './core.ts';

const [dataDir, exportDir, id, mode] = process.argv.slice(2);
if (!dataDir || !exportDir || !id) throw new Error('usage: crash-export.ts <dataDir> <exportDir> <requestId> [bundle]');

const kiosk = openCore(dataDir, { chooseFolder: async () => exportDir });
const kill = () => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('killed');
};
// A single file is killed as it gets its final name (a link); a many-answer folder as it is renamed into place.
if (mode === 'bundle') {
  fs.renameSync = kill;
  await kiosk.call('exportAnswers', { exportId: 'crash-export', ids: [id] });
} else {
  fs.linkSync = kill;
  await kiosk.call('deliver', { ids: [id], to: 'folder' });
}
