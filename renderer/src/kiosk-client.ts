// The renderer's only way to the main process: `window.kiosk` when the Electron preload provides it,
// otherwise the web transport of the web host: HTTP calls and a server-sent event stream read with
// fetch, each carrying this tab's session key as a header (no cookie; see web-session.ts).
import type { CallInput, CallOutput, EventPayload, KioskApi } from '../../shared/api/contract.ts';
import { ERROR_CODES, KioskError, type CallResult, type ErrorCode } from '../../shared/api/errors.ts';
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName } from '../../shared/api/methods.ts';
import { CALL_PATH_PREFIX, EVENTS_PATH, SESSION_HEADER } from '../../shared/api/web-session.ts';
import { eventStreamParser } from './event-stream.ts';
import { t } from '../../shared/i18n/index.ts';
import { openSession, refusalSentence, sayGoodbyeOnPageHide, unreachable } from './web-session.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge. */
    kiosk?: KioskApi;
  }
}

/** Whether the event stream to the host is currently working (always true over Electron IPC). */
export type LinkListener = (connected: boolean) => void;

export interface KioskClient {
  api: KioskApi;
  /** 'electron' when main is reached over IPC, 'web' over HTTP. */
  transport: 'electron' | 'web';
  /** Called with false when the event stream breaks and true when it is back. */
  onLinkChange(listener: LinkListener): () => void;
  /** Settles once calls can go: at once over IPC; over HTTP once the launch link or the tab's kept key gave a session (rejects with the sentence why not). */
  session: Promise<void>;
  /** Called (once) with a sentence when the web session is refused or ends (page closed elsewhere, idle); never over IPC. */
  onSessionEnd(listener: (sentence: string) => void): () => void;
}

export function createKioskClient(): KioskClient {
  if (typeof window !== 'undefined' && window.kiosk) {
    return { api: withKioskErrors(window.kiosk), transport: 'electron', session: Promise.resolve(), onLinkChange: () => () => undefined, onSessionEnd: () => () => undefined };
  }
  return createWebClient();
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * contextBridge keeps only an Error's message, so the preload sends the code inside it as
 * "[code] message". Turn that back into a KioskError, as the web transport throws.
 */
function toKioskError(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const match = /^(?:Error invoking remote method '[^']*': )?(?:\w*Error: )?\[(\w+)\] ([\s\S]*)$/.exec(raw);
  if (match && isErrorCode(match[1])) return new KioskError(match[1], match[2] ?? '');
  return new KioskError('internal', raw);
}

function withKioskErrors(raw: KioskApi): KioskApi {
  const api = { on: raw.on.bind(raw) } as KioskApi;
  for (const name of CALL_NAMES) {
    const call = raw[name] as (input: unknown) => Promise<unknown>;
    (api as Record<CallName, unknown>)[name] = async (input: unknown) => {
      try {
        return await call(input);
      } catch (error) {
        throw toKioskError(error);
      }
    };
  }
  return api;
}

/** The session is gone (ended, or never opened): `onSessionEnd` listeners get its sentence. */
type SessionEnded = (sentence: string) => void;

async function callOverHttp<K extends CallName>(session: Promise<string>, ended: SessionEnded, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const key = await session;
  let response: Response;
  try {
    response = await fetch(`${CALL_PATH_PREFIX}${name}`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', [SESSION_HEADER]: key },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new KioskError('internal', unreachable());
  }
  if (response.status === 401) {
    const sentence = await refusalSentence(response, t('common:session.ended'));
    ended(sentence);
    throw new KioskError('not_allowed', sentence);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new KioskError('internal', t('common:session.noResult', { status: `${response.status} ${response.statusText}`.trim() }));
  }
  const result = body as CallResult<CallOutput<K>> | null;
  if (result && typeof result === 'object' && result.ok === true) return result.value;
  if (result && typeof result === 'object' && result.ok === false && result.error) {
    const code = isErrorCode(result.error.code) ? result.error.code : 'internal';
    throw new KioskError(code, String(result.error.message ?? t('common:session.callFailed')));
  }
  throw new KioskError('internal', t('common:session.unexpected', { status: response.status }));
}

const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 5000;

function createWebClient(): KioskClient {
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<LinkListener>();
  const endListeners = new Set<SessionEnded>();
  let endedWith: string | null = null;
  let streaming = false;
  let connected = true;

  const session = openSession();
  session.then(sayGoodbyeOnPageHide, (error: unknown) => ended(error instanceof Error ? error.message : String(error)));

  function ended(sentence: string): void {
    if (endedWith !== null) return;
    endedWith = sentence;
    for (const listener of endListeners) listener(sentence);
  }

  const setConnected = (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    for (const listener of linkListeners) listener(value);
  };

  const dispatch = (event: string, data: string): void => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const handler of handlers.get(event as EventName) ?? []) handler(payload);
  };

  /** Reads the event stream with fetch (EventSource cannot send the session header), reconnecting after a break. */
  const stream = async (): Promise<void> => {
    let key: string;
    try {
      key = await session;
    } catch {
      return;
    }
    let wait = RECONNECT_FIRST_MS;
    while (endedWith === null) {
      try {
        const response = await fetch(EVENTS_PATH, { credentials: 'omit', cache: 'no-store', headers: { Accept: 'text/event-stream', [SESSION_HEADER]: key } });
        if (response.status === 401) return ended(await refusalSentence(response, t('common:session.ended')));
        if (response.ok && response.body) {
          setConnected(true);
          wait = RECONNECT_FIRST_MS;
          const feed = eventStreamParser(dispatch);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) feed(chunk.value);
        }
      } catch {
        // A network break: report it and try again below.
      }
      setConnected(false);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, RECONNECT_MAX_MS);
    }
  };
  const ensureStream = (): void => {
    if (streaming) return;
    streaming = true;
    void stream();
  };

  const api = {
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
      ensureStream();
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      const wrapped = handler as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  } as KioskApi;
  for (const name of CALL_NAMES) {
    (api as Record<CallName, unknown>)[name] = (input: CallInput<typeof name>) => callOverHttp(session, ended, name, input);
  }

  return {
    api,
    transport: 'web',
    session: session.then(() => undefined),
    onLinkChange(listener) {
      ensureStream();
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    onSessionEnd(listener) {
      endListeners.add(listener);
      if (endedWith !== null) listener(endedWith);
      return () => endListeners.delete(listener);
    },
  };
}

let client: KioskClient | null = null;

/** The one client of this window. */
export function kioskClient(): KioskClient {
  client ??= createKioskClient();
  return client;
}

export function kiosk(): KioskApi {
  return kioskClient().api;
}
