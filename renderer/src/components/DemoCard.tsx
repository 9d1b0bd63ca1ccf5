import { useTranslation } from 'react-i18next';
import { useStatus } from '../store/index.ts';
import { Slots, slot } from './Slots.tsx';
import { Icon } from './Icon.tsx';

/** First run: no connection yet, but the built-in demo service is there to try. */
export function DemoCard() {
  const { t } = useTranslation('common');
  const show = useStatus((s) => s.status !== null && s.status.connection === null && s.status.demoAvailable);
  const samplesDir = useStatus((s) => s.status?.samplesDir ?? '');
  const starting = useStatus((s) => s.demoStarting);
  const useDemo = useStatus((s) => s.useDemoConnection);
  if (!show) return null;
  return (
    <section className="card card-demo" aria-label={t('demo.label')} data-testid="demo-card">
      <Icon name="plug" size={22} className="card-demo-icon" />
      <p className="card-demo-body">
        <strong>{t('demo.title')}</strong>{' '}
        <Slots text={t('demo.text', { dir: slot('dir') })} slots={{ dir: <code data-testid="samples-dir">{samplesDir}</code> }} />
      </p>
      <button type="button" className="button button-primary" onClick={() => void useDemo()} disabled={starting}>
        {t('demo.use')}
      </button>
    </section>
  );
}
