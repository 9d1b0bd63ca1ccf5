// zod's own words (a type or size problem a schema gives no message for) in the kiosk's language:
// the locale is chosen when the check fails, so a language set in Settings applies at once. Imported
// for its effect by every module that builds schemas whose refusals reach the engineer.
import { z } from 'zod';
import de from 'zod/v4/locales/de.js';
import en from 'zod/v4/locales/en.js';
import { currentLanguage } from '../i18n/index.ts';

const errors = { en: en().localeError, de: de().localeError };
z.config({ localeError: (issue) => errors[currentLanguage()](issue) });
