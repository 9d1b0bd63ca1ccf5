import { useStatus } from '../store/index.ts';
import { Icon } from './Icon.tsx';

/** First run: no connection yet, but the built-in demo service is there to try. */
export function DemoCard() {
  const show = useStatus((s) => s.status !== null && s.status.connection === null && s.status.demoAvailable);
  const samplesDir = useStatus((s) => s.status?.samplesDir ?? '');
  const starting = useStatus((s) => s.demoStarting);
  const useDemo = useStatus((s) => s.useDemoConnection);
  if (!show) return null;
  return (
    <section className="card card-demo" aria-label="First run" data-testid="demo-card">
      <Icon name="plug" size={22} className="card-demo-icon" />
      <p className="card-demo-body">
        <strong>No licensing connection yet.</strong> Try the built-in Demo licensing service — sample request files to drop here are in{' '}
        <code data-testid="samples-dir">{samplesDir}</code>.
      </p>
      <button type="button" className="button button-primary" onClick={() => void useDemo()} disabled={starting}>
        Use the demo connection
      </button>
    </section>
  );
}
