import { useTranslation } from 'react-i18next';
import { formatFullTime, formatRelative, formatTime } from '../format.ts';

/**
 * A timestamp in the one format of the app (the locale's): short on screen — relative, or with
 * seconds where the order of close events matters — and the full date and time on hover.
 */
export function Time({ iso, relative = false, seconds = false }: { iso: string; relative?: boolean; seconds?: boolean }) {
  useTranslation(); // re-renders in the new locale when the language changes
  return (
    <time dateTime={iso} title={formatFullTime(iso)}>
      {relative ? formatRelative(iso) : formatTime(iso, { seconds })}
    </time>
  );
}
