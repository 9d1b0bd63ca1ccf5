import type { Screen } from '../store/index.ts';
import { useStatus, useUi } from '../store/index.ts';
import { Icon, type IconName } from './Icon.tsx';
import { useSticks } from '../sticks/stick-store.ts';

const ITEMS: { screen: Screen; label: string; icon: IconName }[] = [
  { screen: 'capture', label: 'Capture', icon: 'capture' },
  { screen: 'queue', label: 'Queue', icon: 'queue' },
  { screen: 'deliver', label: 'Deliver', icon: 'deliver' },
  { screen: 'settings', label: 'Settings', icon: 'settings' },
  { screen: 'audit', label: 'Audit', icon: 'audit' },
];

/** The screens. Alt+1…Alt+5 switch between them from anywhere. */
export function Nav() {
  const screen = useUi((s) => s.screen);
  const showScreen = useUi((s) => s.showScreen);
  const counts = useStatus((s) => s.status?.counts);
  const newOnSticks = useSticks((s) => s.sticks.filter((stick) => stick.newRequests > 0).length);
  const badges: Partial<Record<Screen, { count: number; text: string; tone: string }>> = {
    capture: newOnSticks ? { count: newOnSticks, text: `${newOnSticks} USB stick${newOnSticks === 1 ? '' : 's'} with new requests`, tone: 'good' } : undefined,
    queue: counts?.rejected ? { count: counts.rejected, text: `${counts.rejected} refused`, tone: 'bad' } : undefined,
    deliver: counts?.fulfilled ? { count: counts.fulfilled, text: `${counts.fulfilled} ready to deliver`, tone: 'good' } : undefined,
  };
  return (
    <nav className="nav" aria-label="Screens">
      <ul>
        {ITEMS.map((item, index) => {
          const badge = badges[item.screen];
          const badgeId = `nav-badge-${item.screen}`;
          return (
            <li key={item.screen}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen === item.screen ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${index + 1}`}
                title={`${item.label} (Alt+${index + 1})`}
                aria-describedby={badge ? badgeId : undefined}
                data-screen={item.screen}
                onClick={() => showScreen(item.screen)}
              >
                <Icon name={item.icon} />
                <span className="nav-label">{item.label}</span>
                {badge ? (
                  <span className={`nav-badge nav-badge-${badge.tone}`} aria-hidden="true">
                    {badge.count}
                  </span>
                ) : null}
                <kbd className="nav-key" aria-hidden="true">
                  Alt+{index + 1}
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
