// The Electron shell as it ships: the built main and preload bundles (run `npm run build` first)
// loaded against a stand-in `electron` module (test/support/fake-electron.ts), with the real core
// behind IPC on a SQLite file in a temp dir. An attacker here is a page that is not ours (another
// origin, a frame, another window) or our page asking for more than the kiosk needs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CALL_NAMES, callChannel, EVENT_CHANNEL, EVENT_NAMES } from '../../shared/api/methods.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/content-policy.ts';
import { SECURITY_HEADERS } from '../../electron/security/response-headers.ts';
import { createFakeElectron, fakeEvent, FakeWebContents, loadBundle, type FakeBrowserWindow, type FakeElectron, type FakeMenuTemplateItem } from '../support/fake-electron.ts';
import { repoRoot } from '../support/temp.ts';

const MAIN_BUNDLE = path.join(repoRoot, 'out', 'main', 'main.cjs');
const PRELOAD_BUNDLE = path.join(repoRoot, 'out', 'preload', 'preload.cjs');
const APP_PAGE = 'app://kiosk/index.html';

interface Shell {
  fake: FakeElectron;
  window: FakeBrowserWindow;
  call(name: string, event: unknown, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  close(): Promise<void>;
}

/** Starts the built main bundle as Electron would: load, 'ready', one window. */
async function startShell(options: { packaged: boolean; platform?: NodeJS.Platform }): Promise<Shell> {
  assert.ok(fs.existsSync(MAIN_BUNDLE), 'run `npm run build` before this test');
  const userData = await fsp.mkdtemp(path.join(os.tmpdir(), 'kiosk-shell-'));
  const fake = createFakeElectron({ appPath: repoRoot, userData, packaged: options.packaged });
  const processFields = process as unknown as { resourcesPath?: string };
  // Electron sets resourcesPath; a packaged build reads its demo data from there.
  processFields.resourcesPath = repoRoot;
  const realPlatform = process.platform;
  if (options.platform) Object.defineProperty(process, 'platform', { value: options.platform });
  let window: FakeBrowserWindow;
  try {
    loadBundle(MAIN_BUNDLE, fake.electron);
    window = await Promise.race([
      fake.recorded.windowCreated,
      fake.recorded.quit.then(() => assert.fail(`the shell quit at start: ${fake.recorded.errorBoxes.join(' ')}`)),
    ]);
  } finally {
    Object.defineProperty(process, 'platform', { value: realPlatform });
    delete processFields.resourcesPath;
  }
  return {
    fake,
    window,
    async call(name, event, input) {
      const handler = fake.recorded.ipcHandlers.get(callChannel(name as (typeof CALL_NAMES)[number]));
      assert.ok(handler, `no IPC handler for ${name}`);
      return (await handler(event, input)) as Awaited<ReturnType<Shell['call']>>;
    },
    async close() {
      fake.electron.app.emit('before-quit', fakeEvent());
      await fake.recorded.quit;
      await fsp.rm(userData, { recursive: true, force: true });
    },
  };
}

const fromPage = (window: FakeBrowserWindow, url = APP_PAGE, parent: unknown = null) => ({ sender: window.webContents, senderFrame: { url, parent } });

/** Asks the session's permission request handler, as Chromium does for getUserMedia and the like. */
function requestPermission(shell: Shell, permission: string, details: Record<string, unknown>): Promise<boolean> {
  const handler = shell.fake.recorded.permissionRequestHandler;
  assert.ok(handler, 'no permission request handler');
  return new Promise((resolve) => handler(shell.window.webContents, permission, resolve, { isMainFrame: true, requestingUrl: APP_PAGE, ...details }));
}

function checkPermission(shell: Shell, permission: string, origin: string, details: Record<string, unknown>): boolean {
  const handler = shell.fake.recorded.permissionCheckHandler;
  assert.ok(handler, 'no permission check handler: Chromium would answer permission checks with "granted"');
  return handler(shell.window.webContents, permission, origin, { isMainFrame: true, securityOrigin: origin, requestingUrl: `${origin}index.html`, ...details }) as boolean;
}

function roles(items: FakeMenuTemplateItem[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])]);
}

describe('the Electron shell (development run)', () => {
  let shell: Shell;
  before(async () => (shell = await startShell({ packaged: false })));
  after(() => shell?.close());

  it('starts without an error and loads only its own page', () => {
    assert.deepEqual(shell.fake.recorded.errorBoxes, []);
    assert.equal(shell.window.webContents.getURL(), APP_PAGE);
  });

  it('registers exactly the contract calls with ipcMain.handle, and no other channel', () => {
    assert.deepEqual([...shell.fake.recorded.ipcHandlers.keys()].sort(), CALL_NAMES.map(callChannel).sort());
    assert.deepEqual(shell.fake.recorded.ipcListeners, []);
  });

  it('answers a well-formed call from its own page', async () => {
    const result = await shell.call('getStatus', fromPage(shell.window), {});
    assert.equal(result.ok, true, JSON.stringify(result.error));
  });

  it('refuses a malformed input to every call with invalid_input and a sentence', async () => {
    for (const name of CALL_NAMES) {
      for (const input of [42, 'junk', [], true]) {
        const result = await shell.call(name, fromPage(shell.window), input);
        assert.equal(result.ok, false, `${name} accepted ${JSON.stringify(input)}`);
        assert.equal(result.error?.code, 'invalid_input', `${name}(${JSON.stringify(input)}): ${JSON.stringify(result.error)}`);
        assert.ok((result.error?.message.length ?? 0) > 5);
      }
    }
    const badId = await shell.call('getRequest', fromPage(shell.window), { id: '../../etc/passwd' });
    assert.equal(badId.error?.code, 'invalid_input');
    assert.match(badId.error?.message ?? '', /\(id\)/);
    const badFlag = await shell.call('setSyncPaused', fromPage(shell.window), { paused: 'yes' });
    assert.equal(badFlag.error?.code, 'invalid_input');
  });

  it('refuses every call from a sender that is not its own page, and nothing changes', async () => {
    const senders = {
      'another origin': fromPage(shell.window, 'https://evil.example/'),
      'a look-alike host': fromPage(shell.window, 'app://kiosk.evil/index.html'),
      'a file page': fromPage(shell.window, 'file:///tmp/index.html'),
      'a sub-frame of the page': fromPage(shell.window, APP_PAGE, { url: APP_PAGE }),
      'another web contents': { sender: new FakeWebContents(), senderFrame: { url: APP_PAGE, parent: null } },
      'a frame already gone': { sender: shell.window.webContents, senderFrame: null },
    };
    for (const [who, event] of Object.entries(senders)) {
      for (const name of CALL_NAMES) {
        const result = await shell.call(name, event, {});
        assert.equal(result.error?.code, 'not_allowed', `${name} from ${who}: ${JSON.stringify(result)}`);
      }
      const paused = await shell.call('setSyncPaused', event, { paused: true });
      assert.equal(paused.error?.code, 'not_allowed');
    }
    const status = await shell.call('getStatus', fromPage(shell.window), {});
    assert.equal((status.value as { syncPaused: boolean }).syncPaused, false);
  });

  it('gives the window locked-down web preferences', () => {
    const prefs = shell.window.options.webPreferences ?? {};
    assert.equal(prefs.preload, PRELOAD_BUNDLE);
    const expected = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    };
    for (const [key, value] of Object.entries(expected)) assert.equal(prefs[key], value, `webPreferences.${key}`);
    assert.equal(prefs.experimentalFeatures ?? false, false);
    assert.equal(prefs.enableBlinkFeatures, undefined);
    // A development run keeps DevTools.
    assert.notEqual(prefs.devTools, false);
  });

  it('serves app:// with the content policy and the other security headers, and only its own files', async () => {
    const [scheme] = shell.fake.recorded.privilegedSchemes;
    assert.equal(scheme?.scheme, 'app');
    assert.equal(scheme?.privileges.bypassCSP ?? false, false, 'app:// must not bypass the content policy');
    const serve = shell.fake.recorded.protocolHandlers.get('app');
    assert.ok(serve);
    const page = await serve(new Request(APP_PAGE));
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(page.headers.get(name), value, `${name} on the page`);
    const script = /src="(?:\.?\/)?(assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    assert.ok(script, 'the page names its script');
    const asset = await serve(new Request(`app://kiosk/${script}`));
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    // The policy itself: own files only, no inline or eval'd script, no plugins, no framing.
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'self'/);
    assert.match(CONTENT_SECURITY_POLICY, /object-src 'none'/);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /'unsafe-inline'|'unsafe-eval'|\*/);
    for (const url of ['app://other/index.html', 'app://kiosk/..%2f..%2fpackage.json', 'app://kiosk/%2e%2e/%2e%2e/package.json', 'app://kiosk/no-such-file.js']) {
      const missing = await serve(new Request(url));
      assert.equal(missing.status, 404, url);
      assert.equal(missing.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, `the policy on a 404 (${url})`);
    }
  });

  it('refuses navigation away from app://, in any frame and by redirect', () => {
    const contents = shell.window.webContents;
    const navigate = (channel: string, url: string) => {
      const event = fakeEvent({ url, isMainFrame: channel !== 'will-frame-navigate' });
      contents.emit(channel, event, url);
      return event.defaultPrevented;
    };
    assert.equal(navigate('will-navigate', 'https://evil.example/'), true);
    assert.equal(navigate('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(navigate('will-frame-navigate', 'https://evil.example/'), true, 'a frame navigating away is not refused');
    assert.equal(navigate('will-frame-navigate', 'app://kiosk/index.html'), false);
    assert.equal(navigate('will-redirect', 'https://evil.example/'), true, 'a redirect away is not refused');
  });

  it('denies every new window and every webview', () => {
    const contents = shell.window.webContents;
    assert.ok(contents.windowOpenHandler);
    for (const url of ['https://evil.example/', APP_PAGE, 'file:///etc/passwd']) {
      assert.deepEqual(contents.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' }), { action: 'deny' });
    }
    const attach = fakeEvent();
    contents.emit('will-attach-webview', attach, {}, { src: 'https://evil.example/' });
    assert.equal(attach.defaultPrevented, true);
  });

  it('cancels every request the renderer makes to the network', async () => {
    const listener = shell.fake.recorded.beforeRequest;
    assert.ok(listener, 'no webRequest filter');
    const cancelled = (url: string) => new Promise<boolean>((resolve) => listener({ url, resourceType: 'xhr' }, (answer: { cancel?: boolean }) => resolve(answer.cancel === true)));
    for (const url of ['https://evil.example/steal', 'http://127.0.0.1:8080/', 'wss://evil.example/', 'file:///etc/passwd', 'not a url']) assert.equal(await cancelled(url), true, url);
    for (const url of [APP_PAGE, 'data:image/png;base64,AA==', 'blob:app://kiosk/1234']) assert.equal(await cancelled(url), false, url);
  });

  it('grants the camera to its own page, and nothing with a microphone', async () => {
    assert.equal(await requestPermission(shell, 'media', { mediaTypes: ['video'], securityOrigin: 'app://kiosk/' }), true);
    assert.equal(await requestPermission(shell, 'media', { mediaTypes: ['audio'] }), false, 'the microphone was granted');
    assert.equal(await requestPermission(shell, 'media', { mediaTypes: ['video', 'audio'] }), false, 'camera and microphone together were granted');
    assert.equal(await requestPermission(shell, 'media', { mediaTypes: [] }), false);
    assert.equal(await requestPermission(shell, 'media', {}), false);
  });

  it('grants nothing to another origin or a sub-frame', async () => {
    for (const url of ['https://evil.example/', 'app://kiosk.evil/', 'file:///tmp/x.html']) {
      assert.equal(await requestPermission(shell, 'media', { mediaTypes: ['video'], requestingUrl: url }), false, `camera for ${url}`);
    }
    assert.equal(await requestPermission(shell, 'media', { mediaTypes: ['video'], isMainFrame: false }), false, 'camera for a sub-frame');
  });

  it('refuses every other permission', async () => {
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'midiSysex', 'hid', 'serial', 'usb', 'openExternal', 'fileSystem', 'pointerLock', 'unknown']) {
      assert.equal(await requestPermission(shell, permission, {}), false, permission);
    }
  });

  it('grants fullscreen (the QR delivery view) to its own page only', async () => {
    assert.equal(await requestPermission(shell, 'fullscreen', {}), true);
    assert.equal(await requestPermission(shell, 'fullscreen', { requestingUrl: 'https://evil.example/' }), false);
  });

  it('answers permission checks as the request handler does', () => {
    assert.equal(checkPermission(shell, 'media', 'app://kiosk/', { mediaType: 'video' }), true);
    assert.equal(checkPermission(shell, 'media', 'app://kiosk/', { mediaType: 'audio' }), false, 'microphone check');
    assert.equal(checkPermission(shell, 'media', 'app://kiosk/', { mediaType: 'unknown' }), false);
    assert.equal(checkPermission(shell, 'media', 'https://evil.example/', { mediaType: 'video' }), false, 'camera check for another origin');
    assert.equal(checkPermission(shell, 'media', 'app://kiosk/', { mediaType: 'video', isMainFrame: false }), false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb']) assert.equal(checkPermission(shell, permission, 'app://kiosk/', {}), false, permission);
    const device = shell.fake.recorded.devicePermissionHandler;
    assert.ok(device, 'no device permission handler');
    for (const deviceType of ['hid', 'serial', 'usb']) assert.equal(device({ deviceType, origin: 'app://kiosk', device: {} }), false, deviceType);
  });
});

describe('the Electron shell (packaged build)', () => {
  let shell: Shell;
  before(async () => (shell = await startShell({ packaged: true, platform: 'linux' })));
  after(() => shell?.close());

  it('has no application menu (so no reload or DevTools accelerators)', () => {
    assert.deepEqual(shell.fake.recorded.applicationMenus, [null]);
  });

  it('turns DevTools off and blocks their shortcuts', () => {
    assert.equal(shell.window.options.webPreferences?.devTools, false, 'DevTools are on in a packaged build');
    const contents = shell.window.webContents;
    const press = (input: Record<string, unknown>) => {
      const event = fakeEvent();
      contents.emit('before-input-event', event, { type: 'keyDown', control: false, shift: false, alt: false, meta: false, ...input });
      return event.defaultPrevented;
    };
    assert.equal(press({ key: 'F12' }), true);
    assert.equal(press({ key: 'I', control: true, shift: true }), true);
    assert.equal(press({ key: 'j', control: true, shift: true }), true);
    assert.equal(press({ key: 'i', meta: true, alt: true }), true);
    // Copy and paste still work.
    assert.equal(press({ key: 'c', control: true }), false);
    assert.equal(press({ key: 'v', control: true }), false);
    contents.emit('devtools-opened');
    assert.equal(contents.devToolsClosed, 1);
  });
});

describe('the Electron shell in kiosk mode', () => {
  let shell: Shell;
  before(async () => (shell = await startShell({ packaged: true, platform: 'linux' })));
  after(() => shell?.close());

  const tryToClose = (): boolean => {
    const event = fakeEvent();
    shell.window.emit('close', event);
    return event.defaultPrevented;
  };

  it('goes full screen with no window controls, cannot be closed, and leaves only with the PIN', async () => {
    assert.equal(tryToClose(), false, 'an ordinary window closes');
    assert.equal((await shell.call('startKioskMode', fromPage(shell.window), { pin: '7391' })).ok, true);
    assert.deepEqual(shell.window.kioskCalls, [true]);
    assert.equal(tryToClose(), true, 'closing the window (Alt+F4, the OS) is refused');
    const wrong = await shell.call('leaveKioskMode', fromPage(shell.window), { pin: '0000' });
    assert.equal(wrong.ok, false);
    assert.match(wrong.error!.message, /PIN is wrong/);
    assert.deepEqual(shell.window.kioskCalls, [true]);
    const other = await shell.call('leaveKioskMode', { sender: shell.window.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, { pin: '7391' });
    assert.equal(other.ok, false, 'another origin cannot leave kiosk mode even with the PIN');
    assert.equal(tryToClose(), true);
    assert.equal((await shell.call('leaveKioskMode', fromPage(shell.window), { pin: '7391' })).ok, true);
    assert.deepEqual(shell.window.kioskCalls, [true, false]);
    assert.equal(tryToClose(), false);
  });
});

describe('the Electron shell (packaged build on macOS)', () => {
  let shell: Shell;
  before(async () => (shell = await startShell({ packaged: true, platform: 'darwin' })));
  after(() => shell?.close());

  it('keeps only the app, Edit and Window menus: copy and paste work, no reload, no DevTools', () => {
    const [menu] = shell.fake.recorded.applicationMenus;
    assert.equal(shell.fake.recorded.applicationMenus.length, 1);
    assert.ok(menu, 'macOS needs an Edit menu for copy and paste');
    const all = roles(menu);
    assert.ok(all.includes('editMenu'));
    for (const role of ['toggleDevTools', 'viewMenu', 'reload', 'forceReload', 'fileMenu', 'help']) assert.ok(!all.includes(role), role);
    assert.equal(shell.window.options.webPreferences?.devTools, false);
  });
});

describe('the preload bundle', () => {
  const fake = createFakeElectron({ appPath: repoRoot, userData: os.tmpdir(), packaged: false });
  let required: string[] = [];
  before(() => (required = loadBundle(PRELOAD_BUNDLE, fake.electron)));

  it('requires nothing but electron (a sandboxed preload can load little else)', () => {
    assert.deepEqual(required, ['electron']);
  });

  it('exposes exactly the contract as window.kiosk, and no raw ipcRenderer', () => {
    assert.equal(fake.recorded.exposed.length, 1);
    const [{ key, api }] = fake.recorded.exposed as [{ key: string; api: Record<string, unknown> }];
    assert.equal(key, 'kiosk');
    assert.deepEqual(Object.keys(api).sort(), [...CALL_NAMES, 'on'].sort());
    for (const [name, value] of Object.entries(api)) {
      assert.equal(typeof value, 'function', name);
      assert.notEqual(value, fake.electron.ipcRenderer.invoke);
    }
    assert.ok(!Object.values(api).includes(fake.electron.ipcRenderer));
  });

  it('sends each call on its own channel and rethrows a failure with its code', async () => {
    const api = fake.recorded.exposed[0]!.api as Record<string, (input: unknown) => Promise<unknown>>;
    fake.electron.ipcRenderer.respond = async (channel) => ({ ok: true, value: { answered: channel } });
    assert.deepEqual(await api.getStatus!({}), { answered: callChannel('getStatus') });
    assert.deepEqual(fake.recorded.invoked.at(-1), { channel: callChannel('getStatus'), input: {} });
    fake.electron.ipcRenderer.respond = async () => ({ ok: false, error: { code: 'not_allowed', message: 'Calls are accepted only from the kiosk window.' } });
    await assert.rejects(api.syncNow!({}), { message: '[not_allowed] Calls are accepted only from the kiosk window.' });
  });

  it('hands event listeners the payload only, never the IPC event (which holds ipcRenderer)', () => {
    const on = fake.recorded.exposed[0]!.api.on as (event: string, handler: (...args: unknown[]) => void) => () => void;
    assert.throws(() => on('kiosk:call:getStatus', () => undefined), /Unknown event/);
    const seen: unknown[][] = [];
    const off = on(EVENT_NAMES[0], (...args) => seen.push(args));
    fake.electron.ipcRenderer.emit(EVENT_CHANNEL, { sender: fake.electron.ipcRenderer }, EVENT_NAMES[0], { ids: ['a'] });
    fake.electron.ipcRenderer.emit(EVENT_CHANNEL, { sender: fake.electron.ipcRenderer }, EVENT_NAMES[1], { other: true });
    assert.deepEqual(seen, [[{ ids: ['a'] }]]);
    off();
    fake.electron.ipcRenderer.emit(EVENT_CHANNEL, { sender: fake.electron.ipcRenderer }, EVENT_NAMES[0], { ids: ['b'] });
    assert.equal(seen.length, 1);
    assert.equal(fake.electron.ipcRenderer.listenerCount(EVENT_CHANNEL), 0);
  });
});
