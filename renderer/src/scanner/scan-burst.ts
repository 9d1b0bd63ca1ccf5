// Tells a hand-held scanner from a person by keystroke timing. A scanner in keyboard mode types a
// whole code in a burst (about 7–16 ms between keys) and ends it with Enter or Tab; a person types
// 100 ms or more apart. A code with line breaks arrives as several bursts joined by Enter, so after
// Enter the detector waits a moment for the next line before it reports the scan.
import { charAt, US } from './keyboard-layouts.ts';

export interface KeyInput {
  key: string;
  code: string;
  shiftKey: boolean;
  /** Milliseconds (KeyboardEvent.timeStamp). */
  timeStamp: number;
}

export interface Burst {
  /** The characters as this computer's keyboard layout produced them. */
  typed: string;
  /** The same keys read as a US keyboard would (from KeyboardEvent.code); null when a key has no US meaning. */
  byPosition: string | null;
  keys: number;
  averageIntervalMs: number;
}

export interface BurstOptions {
  /** A burst is a scan when its keys come at most this far apart on average. */
  maxAverageIntervalMs: number;
  /** Shorter bursts are ignored (a person's quick double tap). */
  minLength: number;
  /** A longer pause starts over: what came before was typed by a person. */
  maxGapMs: number;
  /** How long to wait after Enter for the next line of the same code. */
  lineWaitMs: number;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = { maxAverageIntervalMs: 30, minLength: 6, maxGapMs: 100, lineWaitMs: 80 };

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);
const UNKNOWN = '\uFFFD';

export class ScanBurstDetector {
  private typed = '';
  private byPosition: string | null = '';
  private firstAt = 0;
  private lastAt = 0;
  private keys = 0;
  /** The last key was taken as part of a burst (suppressed). */
  private taken = false;
  private lineTimer: unknown = null;

  constructor(
    private readonly onScan: (burst: Burst) => void,
    private readonly options: BurstOptions = DEFAULT_BURST_OPTIONS,
    private readonly timers: Timers = { set: (f, ms) => setTimeout(f, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  ) {}

  /** Feeds one keydown. Returns true when the key is part of a scan (the caller then suppresses it). */
  key(input: KeyInput): boolean {
    if (MODIFIERS.has(input.key)) return false;
    const printable = input.key.length === 1 || input.key === 'Dead';
    const suffix = input.key === 'Enter' || input.key === 'Tab';
    const gap = input.timeStamp - this.lastAt;
    if (this.lineTimer !== null) {
      this.timers.clear(this.lineTimer);
      this.lineTimer = null;
      if (suffix && gap <= this.options.maxGapMs) {
        // CR LF sent as two keys: still the same line break.
        this.lastAt = input.timeStamp;
        this.lineTimer = this.timers.set(() => this.finish(), this.options.lineWaitMs);
        return true;
      }
      if (printable && gap <= this.options.maxGapMs) this.append('\n', '\n');
      else this.finish();
    }
    if (printable) {
      if (this.keys > 0 && gap > this.options.maxGapMs) this.reset();
      const inBurst = this.keys > 0;
      if (this.keys === 0) this.firstAt = input.timeStamp;
      this.lastAt = input.timeStamp;
      this.keys += 1;
      this.append(input.key.length === 1 ? input.key : UNKNOWN, charAt(US, input.code, input.shiftKey));
      this.taken = inBurst && gap <= this.options.maxAverageIntervalMs * 2;
      return this.taken;
    }
    if (suffix && this.isScan(input.timeStamp)) {
      if (input.key === 'Tab') this.finish();
      else this.lineTimer = this.timers.set(() => this.finish(), this.options.lineWaitMs);
      this.lastAt = input.timeStamp;
      return true;
    }
    // The Enter or Tab that ends a burst too short to be a scan goes with its keys, which were taken:
    // it must not press a focused button or act as a shortcut.
    const tail = suffix && this.taken && gap <= this.options.maxGapMs;
    this.reset();
    return tail;
  }

  /** When the burst in progress (or the last one) began: its first key's timeStamp. That key was not suppressed. */
  get burstStartedAt(): number {
    return this.firstAt;
  }

  /** Forgets a burst in progress (focus moved to a text field, the screen changed). */
  reset(): void {
    if (this.lineTimer !== null) this.timers.clear(this.lineTimer);
    this.lineTimer = null;
    this.typed = '';
    this.byPosition = '';
    this.keys = 0;
    this.taken = false;
  }

  private append(typed: string, byPosition: string | null): void {
    this.typed += typed;
    this.byPosition = this.byPosition !== null && byPosition !== null ? this.byPosition + byPosition : null;
  }

  private averageInterval(): number {
    return this.keys > 1 ? (this.lastAt - this.firstAt) / (this.keys - 1) : Infinity;
  }

  private isScan(now: number): boolean {
    return (
      this.keys >= this.options.minLength &&
      now - this.lastAt <= this.options.maxGapMs &&
      this.averageInterval() <= this.options.maxAverageIntervalMs
    );
  }

  private finish(): void {
    const burst: Burst = { typed: this.typed, byPosition: this.byPosition, keys: this.keys, averageIntervalMs: this.averageInterval() };
    this.reset();
    if (burst.keys >= this.options.minLength) this.onScan(burst);
  }
}
