import type { Catalogue } from '../catalogue.ts';
import type en from '../en/appearance.ts';

const appearance: Catalogue<typeof en> = {
  title: 'Darstellung',
  theme: 'Farbschema',
  themes: {
    system: { label: 'Wie der Computer', hint: 'Folgt der hellen oder dunklen Einstellung des Betriebssystems' },
    light: { label: 'Hell', hint: 'Am besten in hellen Räumen und im Freien' },
    dark: { label: 'Dunkel', hint: 'Angenehmer für die Augen in abgedunkelten Leitwarten' },
  },
  language: 'Sprache',
  languageHint: 'Bildschirme und die Sätze, die der Kiosk ab jetzt schreibt; bereits Gespeichertes behält seinen Wortlaut.',
  languages: {
    system: 'Wie der Computer ({{name}})',
    en: 'English (Englisch)',
    de: 'Deutsch',
  },
};
export default appearance;
