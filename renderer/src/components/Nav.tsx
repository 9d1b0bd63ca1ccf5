import { useTranslation } from 'react-i18next';
import type { Screen } from '../store/index.ts';
import { useStatus, useUi } from '../store/index.ts';
import { Icon, type IconName } from './Icon.tsx';
import { useSticks } from '../sticks/stick-store.ts';

const ITEMS: { screen: Screen; icon: IconName }[] = [
  { screen: 'capture', icon: 'capture' },
  { screen: 'queue', icon: 'queue' },
  { screen: 'deliver', icon: 'deliver' },
  { screen: 'settings', icon: 'settings' },
  { screen: 'audit', icon: 'audit' },
];

/** The screens. Alt+1…Alt+5 switch between them from anywhere. */
export function Nav() {
  const { t } = useTranslation('common');
  const screen = useUi((s) => s.screen);
  const showScreen = useUi((s) => s.showScreen);
  const counts = useStatus((s) => s.status?.counts);
  const newOnSticks = useSticks((s) => s.sticks.filter((stick) => stick.newRequests > 0).length);
  const badges: Partial<Record<Screen, { count: number; text: string; tone: string }>> = {
    capture: newOnSticks ? { count: newOnSticks, text: t('nav.sticks', { count: newOnSticks }), tone: 'good' } : undefined,
    queue: counts?.rejected ? { count: counts.rejected, text: t('nav.refused', { count: counts.rejected }), tone: 'bad' } : undefined,
    deliver: counts?.fulfilled ? { count: counts.fulfilled, text: t('nav.ready', { count: counts.fulfilled }), tone: 'good' } : undefined,
  };
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {ITEMS.map((item, index) => {
          const badge = badges[item.screen];
          const label = t(`nav.${item.screen}`);
          // ui-text-ok: a key combination, the same in every language
          const key = `Alt+${index + 1}`;
          const badgeId = `nav-badge-${item.screen}`;
          return (
            <li key={item.screen}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen === item.screen ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${index + 1}`}
                title={t('nav.withKey', { screen: label, key })}
                aria-describedby={badge ? badgeId : undefined}
                data-screen={item.screen}
                onClick={() => showScreen(item.screen)}
              >
                <Icon name={item.icon} />
                <span className="nav-label">{label}</span>
                {badge ? (
                  <span className={`nav-badge nav-badge-${badge.tone}`} aria-hidden="true">
                    {badge.count}
                  </span>
                ) : null}
                <kbd className="nav-key" aria-hidden="true">
                  {key}
                </kbd>
                {badge ? (
                  <span id={badgeId} hidden>
                    {badge.text}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
