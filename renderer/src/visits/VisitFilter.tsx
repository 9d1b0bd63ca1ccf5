import { useVisits, visitName } from './visits-store.ts';

/** Which visit's requests the Queue or Deliver lists; with one visit chosen, its report too. */
export function VisitFilter({ id }: { id: string }) {
  const visits = useVisits((s) => s.visits);
  const filter = useVisits((s) => s.filter);
  const setFilter = useVisits((s) => s.setFilter);
  const exportReport = useVisits((s) => s.exportReport);
  const chosen = visits.find((v) => v.id === filter);
  return (
    <div className="visit-filter">
      <label htmlFor={id}>Visit</label>
      <select id={id} value={filter} onChange={(event) => setFilter(event.currentTarget.value)}>
        <option value="all">All requests</option>
        <option value="none">No visit</option>
        {visits.map((v) => (
          <option key={v.id} value={v.id}>
            {visitName(v)}
            {v.ticket ? ` (${v.ticket})` : ''}
            {v.endedAt ? ` — ${v.startedAt.slice(0, 10)}` : ' — open'}
          </option>
        ))}
      </select>
      {chosen ? (
        <span className="visit-filter-report">
          <button type="button" className="button button-small button-quiet" onClick={() => void exportReport(chosen.id, 'pdf')}>
            Report PDF
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => void exportReport(chosen.id, 'csv')}>
            Report CSV
          </button>
        </span>
      ) : null}
    </div>
  );
}
