import { useTranslation } from 'react-i18next';
import { useStatus, useUi } from '../store/index.ts';

/** The audit trail's chain is broken: said on every screen, with the first entry that does not match. */
export function AuditChainBanner() {
  const { t } = useTranslation('audit');
  const chain = useStatus((s) => s.status?.auditChain);
  const showScreen = useUi((s) => s.showScreen);
  if (chain?.state !== 'broken') return null;
  return (
    <div className="note note-bad audit-chain-banner" role="alert" data-testid="audit-chain-banner">
      <span>
        <span className="note-title">{t('banner.title')}</span>
        {t('banner.text', { message: chain.message ?? '' })}
      </span>
      <button type="button" className="button button-small" onClick={() => showScreen('audit', { focus: true })}>
        {t('banner.open')}
      </button>
    </div>
  );
}
