// A kiosk process that dies in the middle of an export: it opens the core on a data folder and exports
// one fulfilled request into a folder, and the OS kills it (SIGKILL) the moment the response's temp
// file is about to get its final name. Usage: crash-export.ts <dataDir> <exportDir> <requestId>
import fs from 'node:fs';
import { openCore } from './core.ts';

const [dataDir, exportDir, id] = process.argv.slice(2);
if (!dataDir || !exportDir || !id) throw new Error('usage: crash-export.ts <dataDir> <exportDir> <requestId>');

const kiosk = openCore(dataDir, { chooseFolder: async () => exportDir });
fs.linkSync = () => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('killed');
};
await kiosk.call('deliver', { ids: [id], to: 'folder' });
