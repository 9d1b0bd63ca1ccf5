// Types every `t('namespace:key')` against the English catalogue: a key that does not exist is a
// type error.
import 'i18next';
import type { en } from './en/index.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
    returnNull: false;
  }
}
