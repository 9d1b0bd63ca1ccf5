// The Electron shell: one locked-down window on the renderer, the core behind IPC, and the
// platform ports (data folder, folder dialog) the core needs. Everything else is plain Node.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import type { UiPreferences } from '../shared/api/contract.ts';
import { t } from '../shared/i18n/index.ts';
import { defaultMountRoots } from './usb/volumes.ts';
import { createKioskCore, type KioskCore } from './core/kiosk-core.ts';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './platform/app-protocol.ts';
import { connectIpc } from './platform/electron-ipc.ts';
import { notifySyncFinished } from './platform/sync-notifications.ts';
import { SafeStorageSecretStore } from './platform/safe-storage-secret-store.ts';
import { printReportPdf } from './platform/visit-report-pdf.ts';
import { guardContents, guardSession, setKioskMenu, windowPreferences } from './platform/shell-guards.ts';

registerAppScheme();
app.enableSandbox();
// Every web contents is guarded from its creation, before any page can load in it.
app.on('web-contents-created', (_, contents) => guardContents(contents, app.isPackaged));

let mainWindow: BrowserWindow | null = null;
let core: KioskCore | null = null;
/** Kiosk mode: the window fills the screen with no controls and cannot be closed until the PIN is given. */
let kioskModeOn = false;

function applyKioskMode(on: boolean): void {
  kioskModeOn = on;
  mainWindow?.setKiosk(on);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.whenReady().then(start).catch((error: unknown) => fail(error));
}

/** In development better-sqlite3 in node_modules is built for Node; `npm start` prepares an Electron build. */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const file = path.join(app.getAppPath(), 'out', 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

async function start(): Promise<void> {
  guardSession(session.defaultSession);
  setKioskMenu(app.isPackaged);
  const appRoot = app.getAppPath();
  const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources');
  try {
    const secrets = await SafeStorageSecretStore.open(path.join(app.getPath('userData'), 'secrets.safe.json'));
    core = createKioskCore({
      dataDir: app.getPath('userData'),
      secrets,
      // The audit signing key, encrypted like the tokens but in a store of its own.
      auditKeyStore: await SafeStorageSecretStore.open(path.join(app.getPath('userData'), 'audit-key.safe.json')),
      resourcesDir,
      deliverTo: 'folder',
      nativeBinding: nativeBinding(),
      syncIntervalMs: 5000,
      printPdf: printReportPdf,
      systemLocales: () => app.getPreferredSystemLanguages(),
      onKioskModeChanged: applyKioskMode,
      sticks: { mountRoots: defaultMountRoots(), windowsDrives: process.platform === 'win32' },
      chooseFolder: async () => {
        const options = { title: t('host:dialog.chooseFolder'), properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    });
  } catch (error) {
    fail(error);
    return;
  }
  serveRenderer(path.join(appRoot, 'out', 'renderer'));
  connectIpc(core, () => mainWindow);
  notifySyncFinished(core, () => mainWindow);
  createWindow();
  const ui = await core.call('getUiPreferences', {});
  if (ui.ok && (ui.value as UiPreferences).kioskMode) applyKioskMode(true);
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Activation Kiosk',
    show: false,
    webPreferences: windowPreferences(path.join(app.getAppPath(), 'out', 'preload', 'preload.cjs'), app.isPackaged),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', (event) => {
    if (kioskModeOn) event.preventDefault();
  });
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function fail(error: unknown): void {
  dialog.showErrorBox(t('host:dialog.startFailed'), (error as Error)?.message ?? String(error));
  app.exit(1);
}

app.on('window-all-closed', () => app.quit());
app.on('activate', () => {
  if (core && BrowserWindow.getAllWindows().length === 0) createWindow();
});
let closing = false;
app.on('before-quit', (event) => {
  if (closing || !core) return;
  closing = true;
  event.preventDefault();
  void core.close().finally(() => app.quit());
});
