// The page's side of the web host's login. The launch link carries a one-time secret in its fragment;
// the page takes it out of the address bar and history at once, and exchanges it (POST) for a session
// key. The key lives in sessionStorage: per origin (so per port: no other local server can read it)
// and per tab, never sent by the browser on its own, and it survives a reload, so pressing F5 does not
// cost the engineer the spent link. Closing the tab forgets it, and the host ends the session.
import { KioskError } from '../../shared/api/errors.ts';
import { t } from '../../shared/i18n/index.ts';
import { LINK_FRAGMENT_KEY, SESSION_END_PATH, SESSION_EXCHANGE_PATH, SESSION_HEADER } from '../../shared/api/web-session.ts';

const STORAGE_KEY = 'activation-kiosk-session';
const noLink = (): string => t('common:session.noLink');
export const unreachable = (): string => t('common:session.unreachable');

/** The refusal's sentence from a JSON answer `{ ok: false, error: { message } }`, or `fallback`. */
export async function refusalSentence(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } } | null;
    return typeof body?.error?.message === 'string' ? body.error.message : fallback;
  } catch {
    return fallback;
  }
}

function remember(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage disabled: the session still works until the page is reloaded.
  }
}

function remembered(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

async function exchange(link: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(SESSION_EXCHANGE_PATH, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ link }),
    });
  } catch {
    throw new KioskError('internal', unreachable());
  }
  if (!response.ok) throw new KioskError('not_allowed', await refusalSentence(response, noLink()));
  const body = (await response.json()) as { value?: { session?: unknown } };
  if (typeof body.value?.session !== 'string') throw new KioskError('internal', t('common:session.noKey'));
  return body.value.session;
}

/** This tab's session key: from the launch link in the address bar (spent here), else the one kept for this tab. */
export async function openSession(): Promise<string> {
  const link = new URLSearchParams(location.hash.slice(1)).get(LINK_FRAGMENT_KEY);
  if (link) {
    // Out of the address bar and this history entry before anything else happens.
    history.replaceState(history.state, '', location.pathname + location.search);
    const key = await exchange(link);
    remember(key);
    return key;
  }
  const kept = remembered();
  if (kept) return kept;
  throw new KioskError('not_allowed', noLink());
}

/** Tells the host the page is going away (it ends the session unless the page is back within a few seconds, as after a reload). */
export function sayGoodbyeOnPageHide(key: string): void {
  window.addEventListener('pagehide', () => {
    void fetch(SESSION_END_PATH, { method: 'POST', keepalive: true, credentials: 'omit', headers: { [SESSION_HEADER]: key } }).catch(() => undefined);
  });
}
