// The kiosk's words in English and German through i18next (chosen for its plain JSON-like
// catalogues, CLDR plurals via Intl.PluralRules, typed keys and no build step, so main, the web
// host and the renderer share one instance and one set of catalogues). Main writes its sentences
// with `t` in the language set in Settings; the renderer uses the same instance through
// react-i18next.
import i18next from 'i18next';
import { de } from './de/index.ts';
import { en } from './en/index.ts';
import { formatDate, formatFullTime, formatNumber, formatTime } from './time.ts';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_SETTINGS = ['system', ...LANGUAGES] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

function languageOf(locale: string): Language | null {
  const tag = locale.replace(/_/g, '-').split(/[.@]/)[0] ?? '';
  const language = tag.split('-')[0]?.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : null;
}

function canonicalLocale(locale: string): string | null {
  try {
    return Intl.getCanonicalLocales(locale.replace(/_/g, '-').split(/[.@]/)[0] ?? '')[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The language and locale (for times and numbers) a setting stands for. 'system' takes the first of
 * the OS's preferred locales the kiosk speaks, else English; a chosen language keeps the OS's region
 * when the OS speaks that language too ("en-GB" keeps its 24 h clock).
 */
export function resolveLanguage(setting: LanguageSetting, systemLocales: readonly string[]): { language: Language; locale: string } {
  const spoken = systemLocales.flatMap((raw) => {
    const locale = canonicalLocale(raw);
    const language = locale ? languageOf(locale) : null;
    return locale && language ? [{ language, locale }] : [];
  });
  if (setting === 'system') return spoken[0] ?? { language: 'en', locale: 'en' };
  return spoken.find((s) => s.language === setting) ?? { language: setting, locale: setting };
}

/** The OS's preferred locales as a Node process sees them (LC_ALL, LC_MESSAGES, LANG, then Intl's default). */
export function processLocales(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = [env.LC_ALL, env.LC_MESSAGES, env.LANG, env.LANGUAGE?.split(':')[0]].filter((v): v is string => !!v && v !== 'C' && !v.startsWith('C.') && v !== 'POSIX');
  return [...fromEnv, Intl.DateTimeFormat().resolvedOptions().locale];
}

export const i18n = i18next.createInstance();
void i18n.init({
  resources: { en, de },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: Object.keys(en),
  defaultNS: 'common',
  initAsync: false,
  returnNull: false,
  // React escapes what it renders and main's HTML (the visit report) escapes every value itself.
  interpolation: { escapeValue: false },
});

let locale = 'en';
/** `{{at, time}}`, `{{at, timeSeconds}}`, `{{at, fullTime}}`, `{{at, date}}`, `{{n, number}}` in a sentence: written in the current locale. */
i18n.services.formatter?.add('time', (value: string) => formatTime(value, locale));
i18n.services.formatter?.add('timeSeconds', (value: string) => formatTime(value, locale, { seconds: true }));
i18n.services.formatter?.add('fullTime', (value: string) => formatFullTime(value, locale));
i18n.services.formatter?.add('date', (value: string) => formatDate(value, locale));
i18n.services.formatter?.add('number', (value: number) => formatNumber(value, locale));
/** `{{name, lowercase}}`: a capitalised name inside an English sentence (German keeps its nouns' capitals). */
i18n.services.formatter?.add('lowercase', (value: string) => value.toLocaleLowerCase(locale));

export function setLanguage(language: Language, localeTag: string = language): void {
  locale = localeTag;
  void i18n.changeLanguage(language);
}

export function currentLocale(): string {
  return locale;
}

export function currentLanguage(): Language {
  return languageOf(i18n.language) ?? 'en';
}

export const t = i18n.t.bind(i18n);
