// Small formatting helpers shared by the screens.
import type { RequestSummary } from '../../shared/api/contract.ts';

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const dateTimeYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "14:05" today, "23 Nov, 14:05" this year, with the year otherwise. */
export function formatTime(iso: string, now = new Date()): string {
  const date = parse(iso);
  if (!date) return iso;
  if (date.toDateString() === now.toDateString()) return timeOnly.format(date);
  if (date.getFullYear() === now.getFullYear()) return dateTime.format(date);
  return dateTimeYear.format(date);
}

export function formatFullTime(iso: string): string {
  const date = parse(iso);
  return date ? full.format(date) : iso;
}

/** "just now", "5 min ago", "in 3 min", or the time. */
export function formatRelative(iso: string, now = new Date()): string {
  const date = parse(iso);
  if (!date) return iso;
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return seconds <= 0 ? 'just now' : 'in a moment';
  const minutes = Math.round(abs / 60);
  if (minutes < 60) return seconds < 0 ? `${minutes} min ago` : `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 12) return seconds < 0 ? `${hours} h ago` : `in ${hours} h`;
  return formatTime(iso, now);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function shortId(id: string, length = 12): string {
  return id.length > length ? `${id.slice(0, length)}…` : id;
}

/** The name the engineer knows the device by. */
export function deviceName(request: Pick<RequestSummary, 'deviceLabel' | 'deviceId'>): string {
  return request.deviceLabel ?? `Device ${shortId(request.deviceId)}`;
}

/** "captured_again" → "Captured again". */
export function humanize(word: string): string {
  const text = word.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Scanner 14:02:11": names a captured text by its source and the time it came. */
export function sourceName(source: string, at = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${source} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}
