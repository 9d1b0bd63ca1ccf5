// The web host's login, shared by its server and the page: a one-time launch link (its secret in the
// URL fragment, which never reaches a server or a Referer) is exchanged once for a per-tab session key
// that the page sends as a header. No cookie: a browser sends cookies to every port of 127.0.0.1.

/** The header that carries the session key on every call and on the event stream. */
export const SESSION_HEADER = 'X-Kiosk-Session';
/** The launch link's fragment parameter: `http://127.0.0.1:PORT/#key=SECRET`. */
export const LINK_FRAGMENT_KEY = 'key';
/** POST `{ "link": SECRET }`: answers `{ ok: true, value: { session } }` or a refusal with a sentence. */
export const SESSION_EXCHANGE_PATH = '/api/session';
/** POST with the session header when the page goes away: the session ends unless the page comes back. */
export const SESSION_END_PATH = '/api/session/end';
export const EVENTS_PATH = '/api/events';
export const CALL_PATH_PREFIX = '/api/call/';
