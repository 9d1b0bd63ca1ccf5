const appearance = {
  title: 'Appearance',
  theme: 'Theme',
  themes: {
    system: { label: 'Like the computer', hint: 'Follows the light or dark setting of the operating system' },
    light: { label: 'Light', hint: 'Best in bright rooms and outdoors' },
    dark: { label: 'Dark', hint: 'Easier on the eyes in dim control rooms' },
  },
  language: 'Language',
  languageHint: 'Screens and the sentences the kiosk writes from now on; what is already stored keeps its words.',
  languages: {
    system: 'Like the computer ({{name}})',
    en: 'English',
    de: 'Deutsch (German)',
  },
};
export default appearance;
