// One way to write a time on every screen and in every sentence from main: the locale's own
// (24 h in German, the region's clock in English), seconds where order matters, relative times
// through Intl.RelativeTimeFormat.

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(locale, options)));
  return found;
}

function parse(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface TimeOptions {
  now?: Date;
  /** Show seconds (lists and logs where the order of close events matters). */
  seconds?: boolean;
}

/** "14:05" today, "23 Nov, 14:05" this year, with the year otherwise; the input itself when it is no time. */
export function formatTime(value: string | number | Date, locale: string, { now = new Date(), seconds = false }: TimeOptions = {}): string {
  const date = parse(value);
  if (!date) return String(value);
  const clock: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) };
  if (date.toDateString() === now.toDateString()) return format(locale, clock).format(date);
  const day: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', ...clock };
  if (date.getFullYear() === now.getFullYear()) return format(locale, day).format(date);
  return format(locale, { ...day, year: 'numeric' }).format(date);
}

/** The full date and time with seconds and the time zone (hover text, reports). */
export function formatFullTime(value: string | number | Date, locale: string): string {
  const date = parse(value);
  return date ? format(locale, { dateStyle: 'full', timeStyle: 'long' }).format(date) : String(value);
}

/** A date without the time ("30 Nov 2026"). */
export function formatDate(value: string | number | Date, locale: string): string {
  const date = parse(value);
  return date ? format(locale, { dateStyle: 'medium' }).format(date) : String(value);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
/** "now", "5 min ago", "in 3 hr" (in the locale's words), or the time when it is more than half a day away. */
export function formatRelative(value: string | number | Date, locale: string, now = new Date()): string {
  const date = parse(value);
  if (!date) return String(value);
  let relative = relativeFormats.get(locale);
  if (!relative) relativeFormats.set(locale, (relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })));
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return relative.format(0, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 12) return relative.format(hours, 'hour');
  return formatTime(date, locale, { now });
}

/** A number in the locale's digits ("100,000" / "100.000"). */
export function formatNumber(value: number, locale: string): string {
  return value.toLocaleString(locale);
}
