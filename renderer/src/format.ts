// Small formatting helpers shared by the screens.
import type { RequestSummary } from '../../shared/api/contract.ts';
import { currentLocale, t } from '../../shared/i18n/index.ts';
import * as sharedTime from '../../shared/i18n/time.ts';
import type { TimeOptions } from '../../shared/i18n/time.ts';

/** "14:05" today, "23 Nov, 14:05" this year, with the year otherwise; seconds where order matters. */
export function formatTime(iso: string, options: TimeOptions = {}): string {
  return sharedTime.formatTime(iso, currentLocale(), options);
}

export function formatFullTime(iso: string): string {
  return sharedTime.formatFullTime(iso, currentLocale());
}

/** "now", "5 min ago", "in 3 hr", or the time. */
export function formatRelative(iso: string, now = new Date()): string {
  return sharedTime.formatRelative(iso, currentLocale(), now);
}

export function formatNumber(value: number): string {
  return value.toLocaleString(currentLocale());
}

export function formatBytes(bytes: number): string {
  const oneDecimal = (value: number) => value.toLocaleString(currentLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
  if (bytes < 1024) return t('common:bytes.bytes', { count: bytes });
  if (bytes < 1024 * 1024) return t('common:bytes.kib', { value: oneDecimal(bytes / 1024) });
  return t('common:bytes.mib', { value: oneDecimal(bytes / (1024 * 1024)) });
}

export function shortId(id: string, length = 12): string {
  return id.length > length ? `${id.slice(0, length)}…` : id;
}

/** The name the engineer knows the device by. */
export function deviceName(request: Pick<RequestSummary, 'deviceLabel' | 'deviceId'>): string {
  return request.deviceLabel ?? t('common:device', { id: shortId(request.deviceId) });
}

/**
 * "captured_again" → "Captured again": a code shown as a word where no catalogue label exists (a
 * device's own field names; an event code from a newer kiosk). Still used by the Audit screen.
 */
export function humanize(word: string): string {
  const text = word.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** English only: still used by the Capture, stick, visit and Settings helpers' files (until they use catalogue plurals). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Scanner 14:02:11": names a captured text by its source and the time it came. */
export function sourceName(source: string, at = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${source} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}
