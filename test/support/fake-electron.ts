// A stand-in for the `electron` module: only the OS-facing API the built shell bundles use, each
// piece recording what the shell did with it. The bundles are loaded as they ship
// (out/main/main.cjs, out/preload/preload.cjs) with `require('electron')` answered by this object.
import { EventEmitter } from 'node:events';
import Module, { createRequire } from 'node:module';

/** Electron's event object as the shell's listeners see it: fields plus preventDefault. */
export interface FakeEvent extends Record<string, unknown> {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export function fakeEvent(fields: Record<string, unknown> = {}): FakeEvent {
  let prevented = false;
  return {
    ...fields,
    preventDefault: () => void (prevented = true),
    get defaultPrevented() {
      return prevented;
    },
  };
}

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  url = '';
  windowOpenHandler: Listener | null = null;
  devToolsClosed = 0;
  readonly sent: unknown[][] = [];
  getURL = () => this.url;
  setWindowOpenHandler = (handler: Listener) => void (this.windowOpenHandler = handler);
  send = (...args: unknown[]) => void this.sent.push(args);
  closeDevTools = () => void this.devToolsClosed++;
  isDestroyed = () => false;
}

export interface FakeMenuTemplateItem {
  role?: string;
  label?: string;
  submenu?: FakeMenuTemplateItem[];
}

export interface FakeElectronOptions {
  appPath: string;
  userData: string;
  packaged: boolean;
}

export function createFakeElectron(options: FakeElectronOptions) {
  let windowCreated!: (window: FakeBrowserWindow) => void;
  let quitted!: () => void;
  const recorded = {
    windowCreated: new Promise<FakeBrowserWindow>((resolve) => (windowCreated = resolve)),
    quit: new Promise<void>((resolve) => (quitted = resolve)),
    windows: [] as FakeBrowserWindow[],
    ipcHandlers: new Map<string, Listener>(),
    ipcListeners: [] as string[],
    privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    devicePermissionHandler: null as Listener | null,
    beforeRequest: null as Listener | null,
    /** Every Menu.setApplicationMenu argument: null, or the template it was built from. */
    applicationMenus: [] as (FakeMenuTemplateItem[] | null)[],
    errorBoxes: [] as string[],
    exposed: [] as { key: string; api: Record<string, unknown> }[],
    invoked: [] as { channel: string; input: unknown }[],
  };

  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.packaged,
    enableSandbox: () => undefined,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getAppPath: () => options.appPath,
    getPreferredSystemLanguages: () => ['en-US'],
    getPath: () => options.userData,
    quit: () => quitted(),
    exit: () => quitted(),
  });

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      recorded.windows.push(this);
      // As in Electron: the contents exist, and are announced, before any page loads.
      app.emit('web-contents-created', fakeEvent(), this.webContents);
      windowCreated(this);
    }
    static getAllWindows = () => recorded.windows;
    loadURL = async (url: string) => void (this.webContents.url = url);
    show = () => undefined;
    focus = () => undefined;
    restore = () => undefined;
    isMinimized = () => false;
    isFocused = () => true;
    isDestroyed = () => false;
    /** Every setKiosk argument, in order. */
    readonly kioskCalls: boolean[] = [];
    setKiosk = (on: boolean) => void this.kioskCalls.push(on);
  }

  const ipcRenderer = Object.assign(new EventEmitter(), {
    respond: async (_channel: string, _input: unknown): Promise<unknown> => ({ ok: true, value: null }),
    invoke(channel: string, input: unknown) {
      recorded.invoked.push({ channel, input });
      return ipcRenderer.respond(channel, input);
    },
  });

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: Listener) => void recorded.ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => void recorded.ipcHandlers.delete(channel),
      on: (channel: string) => void recorded.ipcListeners.push(channel),
    },
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => void recorded.exposed.push({ key, api }),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: Record<string, boolean> }[]) => void recorded.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void recorded.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => void (recorded.permissionRequestHandler = handler),
        setPermissionCheckHandler: (handler: Listener) => void (recorded.permissionCheckHandler = handler),
        setDevicePermissionHandler: (handler: Listener) => void (recorded.devicePermissionHandler = handler),
        webRequest: {
          // onBeforeRequest([filter, ]listener)
          onBeforeRequest: (...args: unknown[]) => void (recorded.beforeRequest = args[args.length - 1] as Listener),
        },
      },
    },
    Menu: {
      setApplicationMenu: (menu: { template: FakeMenuTemplateItem[] } | null) => void recorded.applicationMenus.push(menu ? menu.template : null),
      buildFromTemplate: (template: FakeMenuTemplateItem[]) => ({ template }),
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showErrorBox: (title: string, content: string) => void recorded.errorBoxes.push(`${title}: ${content}`),
    },
    // The OS key store: a reversible stand-in (the secret store's own tests cover the file it keeps).
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: async (text: string) => Buffer.from(`sealed:${text}`),
      decryptStringAsync: async (data: Buffer) => ({ result: data.toString().slice('sealed:'.length), shouldReEncrypt: false }),
    },
    Notification: class {
      static isSupported = () => false;
      on = () => this;
      show = () => undefined;
    },
  };
  return { electron, recorded };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeBrowserWindow = FakeElectron['recorded']['windows'][number];

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };
const requireHere = createRequire(import.meta.url);

/**
 * Loads a built bundle afresh with `require('electron')` answered by `electron`, and returns the
 * modules the bundle itself required. The bundles require electron while they load, so the hook
 * lives only for that synchronous require.
 */
export function loadBundle(file: string, electron: unknown): string[] {
  const required: string[] = [];
  const original = moduleInternals._load;
  moduleInternals._load = function (request, parent, isMain) {
    if (parent?.filename === file) required.push(request);
    if (request === 'electron') return electron;
    return original.call(this, request, parent, isMain);
  };
  try {
    delete requireHere.cache[file];
    requireHere(file);
  } finally {
    moduleInternals._load = original;
  }
  return required;
}
