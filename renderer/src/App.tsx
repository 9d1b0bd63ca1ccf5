import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HelpSheet, useHelpKeys } from './help/HelpSheet.tsx';
import { useHelp } from './help/help-store.ts';
import { LeaveKioskMode } from './appearance/LeaveKioskMode.tsx';
import { LinkBanner } from './components/LinkBanner.tsx';
import { Nav } from './components/Nav.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { QrDeliveryOverlay } from './deliver-qr/QrDeliveryView.tsx';
import { CaptureScreen } from './screens/CaptureScreen.tsx';
import { DeliverScreen } from './screens/DeliverScreen.tsx';
import { QueueScreen } from './screens/QueueScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';
import { AuditScreen } from './screens/AuditScreen.tsx';
import { AuditChainBanner } from './audit/AuditChainBanner.tsx';
import { EngineerFirstRun } from './audit/EngineerFirstRun.tsx';
import { DamagedDatabaseScreen } from './screens/DamagedDatabaseScreen.tsx';
import { SCREENS, useStorage, useUi } from './store/index.ts';
import { useQrDelivery } from './store/qr-delivery.ts';
import { VisitBar } from './visits/VisitBar.tsx';

const SCREEN_VIEWS = {
  capture: CaptureScreen,
  queue: QueueScreen,
  deliver: DeliverScreen,
  settings: SettingsScreen,
  audit: AuditScreen,
} as const;

export function App() {
  const { t } = useTranslation('common');
  const storage = useStorage((s) => s.storage);
  const storageError = useStorage((s) => s.error);
  useNoStrayDrops();
  if (storage?.state === 'damaged') return <DamagedDatabaseScreen storage={storage} />;
  if (!storage) return <p className="app-opening">{storageError ?? t('app.opening')}</p>;
  return <KioskScreens />;
}

/** The app proper, once main's database is sound. */
function KioskScreens() {
  const { t } = useTranslation('common');
  const screen = useUi((s) => s.screen);
  const showHelp = useHelp((s) => s.show);
  useGlobalKeys();
  useHelpKeys(qrViewShown);
  const View = SCREEN_VIEWS[screen];
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t('appName')}</span>
        </div>
        <Nav />
        <p className="sidebar-foot">
          <button type="button" className="sidebar-help" onClick={showHelp} aria-keyshortcuts="F1 Shift+?" title={t('app.helpHint')}>
            <span className="sidebar-help-label">{t('app.help')}</span> <kbd>?</kbd>
          </button>
          <LeaveKioskMode />
        </p>
      </aside>
      <div className="main">
        <LinkBanner />
        <VisitBar />
        <StatusBar />
        <AuditChainBanner />
        <main className="content" id="content" data-screen={screen}>
          <View />
        </main>
      </div>
      <Toasts />
      <QrDeliveryOverlay />
      <HelpSheet />
      <EngineerFirstRun />
    </div>
  );
}

/** The QR delivery view is modal and keeps its own keys. */
const qrViewShown = (): boolean => useQrDelivery.getState().shown !== null;

/** Alt+1…Alt+5 open the screens from anywhere but the QR delivery view (modal: the screens stay put under it). */
function useGlobalKeys(): void {
  const showScreen = useUi((s) => s.showScreen);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (qrViewShown()) return;
      const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code) ?? /^([1-9])$/.exec(event.key);
      const screen = match ? SCREENS[Number(match[1]) - 1] : undefined;
      if (!screen) return;
      event.preventDefault();
      showScreen(screen, { focus: true });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showScreen]);
}

/** A file dropped outside the Capture screen must not make the window navigate to it. */
function useNoStrayDrops(): void {
  useEffect(() => {
    const guard = (event: DragEvent): void => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);
}
