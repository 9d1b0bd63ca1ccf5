import { useTranslation } from 'react-i18next';
import { useVisits, visitOption } from './visits-store.ts';

/** Which visit's requests the Queue or Deliver lists; with one visit chosen, its report too. */
export function VisitFilter({ id }: { id: string }) {
  const { t } = useTranslation('visits');
  const visits = useVisits((s) => s.visits);
  const filter = useVisits((s) => s.filter);
  const setFilter = useVisits((s) => s.setFilter);
  const exportReport = useVisits((s) => s.exportReport);
  const chosen = visits.find((v) => v.id === filter);
  return (
    <div className="visit-filter">
      <label htmlFor={id}>{t('filter.label')}</label>
      <select id={id} value={filter} onChange={(event) => setFilter(event.currentTarget.value)}>
        <option value="all">{t('filter.all')}</option>
        <option value="none">{t('filter.none')}</option>
        {visits.map((v) => (
          <option key={v.id} value={v.id}>
            {visitOption(v, true)}
          </option>
        ))}
      </select>
      {chosen ? (
        <span className="visit-filter-report">
          <button type="button" className="button button-small button-quiet" onClick={() => void exportReport(chosen.id, 'pdf')}>
            {t('filter.reportPdf')}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => void exportReport(chosen.id, 'csv')}>
            {t('filter.reportCsv')}
          </button>
        </span>
      ) : null}
    </div>
  );
}
