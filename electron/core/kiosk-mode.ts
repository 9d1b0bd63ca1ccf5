// Kiosk mode for a laptop dedicated to activation work: the Electron shell shows the app full screen
// with no window controls, and only the PIN the engineer set lets anyone out. The PIN is kept as a
// salted scrypt hash; wrong PINs in a row lock the door for a while, so guessing 4 digits by hand
// takes days, not minutes.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { KioskError } from '../../shared/api/errors.ts';
import { t } from '../../shared/i18n/index.ts';
import type { Preferences } from '../store/preferences.ts';

interface Stored {
  on: boolean;
  salt: string;
  hash: string;
}

const KEY = 'kioskMode';
/** Wrong PINs allowed in a row before the lock-out. */
const TRIES = 5;
const LOCK_MS = 60_000;

export class KioskMode {
  private wrong = 0;
  private lockedUntil = 0;

  constructor(
    private readonly preferences: Preferences,
    private readonly now: () => Date,
    private readonly changed: (on: boolean) => void,
  ) {}

  get on(): boolean {
    return this.stored()?.on === true;
  }

  start(pin: string): void {
    if (this.on) throw new KioskError('not_allowed', t('core:kioskMode.alreadyOn'));
    const salt = randomBytes(16).toString('hex');
    this.preferences.set(KEY, { on: true, salt, hash: hashOf(pin, salt) } satisfies Stored);
    this.changed(true);
  }

  leave(pin: string): void {
    const stored = this.stored();
    if (!stored?.on) throw new KioskError('not_allowed', t('core:kioskMode.notOn'));
    const now = this.now().getTime();
    if (now < this.lockedUntil) {
      throw new KioskError('not_allowed', t('core:kioskMode.locked', { seconds: Math.ceil((this.lockedUntil - now) / 1000) }));
    }
    const given = Buffer.from(hashOf(pin, stored.salt), 'hex');
    if (!timingSafeEqual(given, Buffer.from(stored.hash, 'hex'))) {
      this.wrong += 1;
      if (this.wrong >= TRIES) {
        this.wrong = 0;
        this.lockedUntil = now + LOCK_MS;
        throw new KioskError('not_allowed', t('core:kioskMode.wrongLocked', { tries: TRIES, seconds: LOCK_MS / 1000 }));
      }
      throw new KioskError('invalid_input', t('core:kioskMode.wrong', { count: TRIES - this.wrong, seconds: LOCK_MS / 1000 }));
    }
    this.wrong = 0;
    this.preferences.set(KEY, { ...stored, on: false } satisfies Stored);
    this.changed(false);
  }

  private stored(): Stored | null {
    const value = this.preferences.get<Partial<Stored> | null>(KEY, null);
    return value && typeof value.salt === 'string' && typeof value.hash === 'string' ? { on: value.on === true, salt: value.salt, hash: value.hash } : null;
  }
}

function hashOf(pin: string, salt: string): string {
  return scryptSync(pin, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString('hex');
}
