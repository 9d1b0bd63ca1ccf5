// Pages the web host serves once for the browser to print (a visit report): each under a random,
// unguessable path, handed out through an authenticated call, gone after one read or a few minutes.
// The page is opened by navigation, which carries no session header, so the path is the key.
import { randomBytes } from 'node:crypto';

export const PRINT_PATH_PREFIX = '/print/';
const PRINT_PATH = /^\/print\/([0-9a-f]{64})$/;

export class PrintPages {
  private readonly pages = new Map<string, { html: string; until: number }>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps the page for one read; returns the path to open it at. */
  publish(html: string): string {
    this.sweep();
    const key = randomBytes(32).toString('hex');
    this.pages.set(key, { html, until: this.now() + this.ttlMs });
    return `${PRINT_PATH_PREFIX}${key}`;
  }

  /** The page at `pathname`, once; undefined when unknown, already read or expired. */
  take(pathname: string): string | undefined {
    const key = PRINT_PATH.exec(pathname)?.[1];
    const page = key === undefined ? undefined : this.pages.get(key);
    if (key !== undefined) this.pages.delete(key);
    return page && page.until > this.now() ? page.html : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, page] of this.pages) if (page.until <= now) this.pages.delete(key);
  }
}
