import { useStatus, useUi } from '../store/index.ts';

/** The audit trail's chain is broken: said on every screen, with the first entry that does not match. */
export function AuditChainBanner() {
  const chain = useStatus((s) => s.status?.auditChain);
  const showScreen = useUi((s) => s.showScreen);
  if (chain?.state !== 'broken') return null;
  return (
    <div className="note note-bad audit-chain-banner" role="alert" data-testid="audit-chain-banner">
      <span>
        <span className="note-title">The audit trail was changed outside the kiosk. </span>
        {chain.message} Entries written since are kept; signed exports are refused until it is looked into.
      </span>
      <button type="button" className="button button-small" onClick={() => showScreen('audit', { focus: true })}>
        Open Audit
      </button>
    </div>
  );
}
