import { formatFullTime, formatRelative, formatTime } from '../format.ts';

/** A timestamp: short form on screen, the full date on hover. */
export function Time({ iso, relative = false }: { iso: string; relative?: boolean }) {
  return (
    <time dateTime={iso} title={formatFullTime(iso)}>
      {relative ? formatRelative(iso) : formatTime(iso)}
    </time>
  );
}
