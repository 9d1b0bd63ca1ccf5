import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { i18n, resolveLanguage, setLanguage } from '../../shared/i18n/index.ts';
import { App } from './App.tsx';
import { useAppearance } from './appearance/appearance-store.ts';
import { SessionClosed } from './components/SessionClosed.tsx';
import { kioskClient } from './kiosk-client.ts';
import { startKiosk } from './store/index.ts';
import './styles.css';
import './layout/layout.css';

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element'); // ui-text-ok: an invariant of the build
const root = createRoot(element);
// Until main says which language is set, the browser's: a refused session already reads in it.
const first = resolveLanguage('system', navigator.languages);
setLanguage(first.language, first.locale);
const client = kioskClient();
const closed = (sentence: string) => root.render(<SessionClosed sentence={sentence} />);

// In a browser the page first spends its launch link for a session; a refused or ended session
// replaces the whole app with the sentence why.
client.onSessionEnd(closed);
client.session.then(
  async () => {
    // The language and theme first, so the first paint is already in the engineer's language.
    await useAppearance.getState().load();
    // Subscribe to main's events and load the first state before anything renders.
    startKiosk();
    root.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <App />
        </I18nextProvider>
      </StrictMode>,
    );
  },
  () => undefined, // onSessionEnd shows why
);
