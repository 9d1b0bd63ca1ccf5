import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { SessionClosed } from './components/SessionClosed.tsx';
import { kioskClient } from './kiosk-client.ts';
import { startKiosk } from './store/index.ts';
import './styles.css';
import './layout/layout.css';

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element');
const root = createRoot(element);
const client = kioskClient();
const closed = (sentence: string) => root.render(<SessionClosed sentence={sentence} />);

// In a browser the page first spends its launch link for a session; a refused or ended session
// replaces the whole app with the sentence why.
client.onSessionEnd(closed);
client.session.then(
  () => {
    // Subscribe to main's events and load the first state before anything renders.
    startKiosk();
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  },
  () => undefined, // onSessionEnd shows why
);
