// The web host's launch links and sessions. A link's secret opens one session, once; a session key
// lives only in its tab and is sent as a header. A session ends when no page of it holds the event
// stream open for a short grace (a reload comes back within it; a closed tab does not), or after
// idle time without a call. Secrets are kept only as SHA-256 digests, so looking one up leaks no
// timing about the secret itself.
import { createHash, randomBytes } from 'node:crypto';
import { t } from '../../shared/i18n/index.ts';

export interface SessionTimes {
  /** A session without a call or stream for this long ends. */
  idleMs: number;
  /** After its last event stream closed (or its page said goodbye), a session waits this long for the page to come back. */
  closeGraceMs: number;
}

export interface Session {
  readonly digest: string;
  readonly streams: Set<() => void>;
  idle: NodeJS.Timeout;
  grace: NodeJS.Timeout | null;
}

export type Refusal = { ok: false; status: number; message: string };

const newLink = (): string => t('host:session.newLink');
export const linkUsed = (): string => t('host:session.linkUsed', { newLink: newLink() });
export const linkUnknown = (): string => t('host:session.linkUnknown');
export const noSession = (): string => t('host:session.noSession', { newLink: newLink() });
const endedClosed = (): string => t('host:session.endedClosed', { newLink: newLink() });
/** Ended sessions remembered to say why (a bounded number: older ones just count as unknown). */
const MAX_ENDED_REMEMBERED = 1000;

const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');
const newSecret = (): string => randomBytes(32).toString('base64url');

function duration(ms: number): string {
  return ms >= 60_000 ? t('host:session.minutes', { count: Math.round(ms / 60_000) }) : t('host:session.seconds', { count: Math.max(1, Math.round(ms / 1000)) });
}

export class WebSessions {
  private readonly links = new Map<string, 'unused' | 'used'>();
  private readonly sessions = new Map<string, Session>();
  private readonly ended = new Map<string, string>();

  constructor(private readonly times: SessionTimes) {}

  /** A fresh launch secret, good for one exchange. */
  newLink(): string {
    const secret = newSecret();
    this.links.set(digestOf(secret), 'unused');
    return secret;
  }

  /** Spends a launch secret for a new session key. */
  exchange(secret: string): { ok: true; key: string } | Refusal {
    const link = digestOf(secret);
    const state = this.links.get(link);
    if (state === 'used') return { ok: false, status: 410, message: linkUsed() };
    if (state !== 'unused') return { ok: false, status: 401, message: linkUnknown() };
    this.links.set(link, 'used');
    const key = newSecret();
    const digest = digestOf(key);
    const session: Session = { digest, streams: new Set(), grace: null, idle: setTimeout(() => this.end(digest, t('host:session.endedIdle', { duration: duration(this.times.idleMs), newLink: newLink() })), this.times.idleMs) };
    session.idle.unref();
    this.sessions.set(digest, session);
    return { ok: true, key };
  }

  /** The live session a key opens (its idle clock restarts), or why there is none. */
  use(key: string | undefined): { ok: true; session: Session } | Refusal {
    if (!key) return { ok: false, status: 401, message: noSession() };
    const digest = digestOf(key);
    const session = this.sessions.get(digest);
    if (!session) return { ok: false, status: 401, message: this.ended.get(digest) ?? noSession() };
    session.idle.refresh();
    return { ok: true, session };
  }

  /** Registers an open event stream (`close` ends it when the session ends); returns what to call when it closes. */
  streamOpened(session: Session, close: () => void): () => void {
    session.streams.add(close);
    return () => {
      session.streams.delete(close);
      if (session.streams.size === 0 && this.sessions.get(session.digest) === session) this.pageLeft(session);
    };
  }

  /** The page went away (its stream closed, or it said so on pagehide): end the session unless it comes back in time. */
  pageLeft(session: Session): void {
    if (session.grace) return void session.grace.refresh();
    session.grace = setTimeout(() => {
      session.grace = null;
      if (session.streams.size === 0) this.end(session.digest, endedClosed());
    }, this.times.closeGraceMs);
    session.grace.unref();
  }

  /** Ends every session (the host is stopping). */
  closeAll(): void {
    for (const digest of [...this.sessions.keys()]) this.end(digest, noSession());
  }

  private end(digest: string, why: string): void {
    const session = this.sessions.get(digest);
    if (!session) return;
    this.sessions.delete(digest);
    clearTimeout(session.idle);
    if (session.grace) clearTimeout(session.grace);
    this.ended.set(digest, why);
    if (this.ended.size > MAX_ENDED_REMEMBERED) this.ended.delete(this.ended.keys().next().value!);
    for (const close of [...session.streams]) close();
  }
}
