// The shell's locks: what the window may load and ask for. The page is our own renderer under
// app://kiosk; it needs the camera (video only) and fullscreen for the QR view, and nothing else:
// no microphone, no other origin, no navigation, no pop-up, no webview, no network but app://.
// Packaged builds also have no developer menu and no DevTools.
import { Menu, type Input, type MenuItemConstructorOptions, type Session, type WebContents, type WebPreferences } from 'electron';
import { isAppUrl } from './app-protocol.ts';

interface PermissionAsk {
  permission: string;
  /** The URL or origin of the frame that asks. */
  url: string | undefined;
  isMainFrame: boolean;
  /** For 'media': which devices (Chromium asks 'video' for a camera, 'audio' for a microphone). */
  mediaTypes: readonly string[];
}

/** One rule for the request handler and the check handler, so the two never disagree. */
function permitted(ask: PermissionAsk): boolean {
  if (!ask.isMainFrame || !isAppUrl(ask.url)) return false;
  if (ask.permission === 'media') return ask.mediaTypes.length > 0 && ask.mediaTypes.every((type) => type === 'video');
  return ask.permission === 'fullscreen';
}

/** Schemes the renderer may load from; everything else (http, https, ws, file, ftp...) is cancelled. */
const LOCAL_SCHEMES = new Set(['app:', 'data:', 'blob:', 'devtools:']);

export function guardSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(permitted({ permission, url: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes }));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permitted({ permission, url: details.securityOrigin ?? requestingOrigin, isMainFrame: details.isMainFrame, mediaTypes: details.mediaType ? [details.mediaType] : [] }),
  );
  // HID, serial and USB devices: never.
  ses.setDevicePermissionHandler(() => false);
  // The CSP already limits the page to its own origin; this holds even if a policy gap appears.
  ses.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      // An unparsable URL is cancelled below.
    }
    callback({ cancel: !LOCAL_SCHEMES.has(scheme) });
  });
}

export function windowPreferences(preload: string, packaged: boolean): WebPreferences {
  return {
    preload,
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
    spellcheck: false,
    devTools: !packaged,
  };
}

/** F12, Ctrl+Shift+I/J/C, and Cmd+Alt+I/J/C on macOS. */
function opensDevTools(input: Input): boolean {
  if (input.key === 'F12') return true;
  const key = input.key.toLowerCase();
  if (!['i', 'j', 'c'].includes(key)) return false;
  return (input.control && input.shift) || (input.meta && input.alt);
}

/** Every web contents: one page, no way out of it. */
export function guardContents(contents: WebContents, packaged: boolean): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The renderer is one page; it never navigates, in the main frame or any other.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (!packaged) return;
  contents.on('before-input-event', (event, input) => {
    if (opensDevTools(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => contents.closeDevTools());
}

/**
 * Development keeps Electron's default menu (reload, DevTools). A packaged build has none on
 * Windows and Linux; macOS keeps only the app, Edit and Window menus, because there copy and
 * paste (the paste capture) and Cmd+Q work only through menu items.
 */
export function setKioskMenu(packaged: boolean): void {
  if (!packaged) return;
  if (process.platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
