// The renderer's only way to the main process: `window.kiosk` when the Electron preload provides it,
// otherwise the web transport (HTTP calls + a server-sent event stream) of the web host.
import type { CallInput, CallOutput, EventPayload, KioskApi } from '../../shared/api/contract.ts';
import { ERROR_CODES, KioskError, type CallResult, type ErrorCode } from '../../shared/api/errors.ts';
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName } from '../../shared/api/methods.ts';

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
}

export function createKioskClient(): KioskClient {
  if (typeof window !== 'undefined' && window.kiosk) {
    return { api: withKioskErrors(window.kiosk), transport: 'electron', onLinkChange: () => () => undefined };
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

async function callOverHttp<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  let response: Response;
  try {
    response = await fetch(`/api/call/${name}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new KioskError('internal', 'Cannot reach the kiosk service. Is it still running?');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new KioskError('internal', `The kiosk service answered ${response.status} ${response.statusText} without a result.`.replace(/\s+/g, ' '));
  }
  const result = body as CallResult<CallOutput<K>> | null;
  if (result && typeof result === 'object' && result.ok === true) return result.value;
  if (result && typeof result === 'object' && result.ok === false && result.error) {
    const code = isErrorCode(result.error.code) ? result.error.code : 'internal';
    throw new KioskError(code, String(result.error.message ?? 'The call failed.'));
  }
  throw new KioskError('internal', `The kiosk service sent an unexpected answer (${response.status}).`);
}

function createWebClient(): KioskClient {
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<LinkListener>();
  let source: EventSource | null = null;
  let connected = true;

  const setConnected = (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    for (const listener of linkListeners) listener(value);
  };

  const ensureSource = (): void => {
    if (source || typeof EventSource === 'undefined') return;
    const current = new EventSource('/api/events');
    source = current;
    // EventSource reconnects by itself after a network error; we only report the gap. After an HTTP
    // error (e.g. 401 once the host restarted) it gives up, so open a new one a little later.
    current.addEventListener('open', () => setConnected(true));
    current.addEventListener('error', () => {
      setConnected(false);
      if (current.readyState === EventSource.CLOSED && source === current) {
        source = null;
        setTimeout(ensureSource, 5000);
      }
    });
    for (const name of EVENT_NAMES) {
      current.addEventListener(name, (message) => {
        let payload: unknown;
        try {
          payload = JSON.parse((message as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const handler of handlers.get(name) ?? []) handler(payload);
      });
    }
  };

  const api = {
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
      ensureSource();
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      const wrapped = handler as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  } as KioskApi;
  for (const name of CALL_NAMES) {
    (api as Record<CallName, unknown>)[name] = (input: CallInput<typeof name>) => callOverHttp(name, input);
  }

  return {
    api,
    transport: 'web',
    onLinkChange(listener) {
      ensureSource();
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
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
