// Words several core files share: a device's name, and whether a stored sentence
// (an audit entry, written in the language set at the time) came from a given catalogue sentence.
import { i18n, LANGUAGES, t } from '../../shared/i18n/index.ts';

/** A device as sentences name it: its label, else "device" and the start of its id. */
export function deviceText(label: string | null, deviceId: string): string {
  return label ?? t('core:device', { id: deviceId.slice(0, 12) });
}

/** Whether `text` begins as the core sentence `key` does (its words before the first value), in any language. */
export function writtenFrom(text: string, key: string): boolean {
  return LANGUAGES.some((lng) => {
    const sentence: unknown = i18n.getResource(lng, 'core', key);
    const prefix = typeof sentence === 'string' ? (sentence.split('{{')[0] ?? '') : '';
    return prefix !== '' && text.startsWith(prefix);
  });
}
