import { t } from '../../../shared/i18n/index.ts';

/** The whole page when the web host gave this tab no session (link spent or unknown, session ended): the sentence why and what to do. */
export function SessionClosed({ sentence }: { sentence: string }) {
  return (
    <main className="screen session-closed">
      <section className="card session-closed-card" role="alert" data-testid="session-closed">
        <h1>{t('common:appName')}</h1>
        <p>{sentence}</p>
      </section>
    </main>
  );
}
