import { useEffect, useState } from 'react';
import type { RequestDetail } from '../../../shared/api/contract.ts';
import { useVisits, visitName } from './visits-store.ts';

/** In a request's detail: the visit it belongs to, and "Move to visit". */
export function MoveToVisit({ detail }: { detail: RequestDetail }) {
  const visits = useVisits((s) => s.visits);
  const move = useVisits((s) => s.move);
  const current = detail.visitId ?? 'none';
  const [target, setTarget] = useState(current);
  useEffect(() => setTarget(current), [current]);
  const belongsTo = visits.find((v) => v.id === detail.visitId);
  return (
    <section className="detail-section" aria-label="Visit" data-testid="request-visit">
      <h3>Visit</h3>
      <p className="muted small">{detail.visitId ? `Part of the visit ${visitName(belongsTo)}.` : 'Belongs to no visit.'}</p>
      <div className="visit-move">
        <label className="visually-hidden" htmlFor="move-to-visit">
          Move to visit
        </label>
        <select id="move-to-visit" value={target} onChange={(event) => setTarget(event.currentTarget.value)}>
          <option value="none">No visit</option>
          {visits.map((v) => (
            <option key={v.id} value={v.id}>
              {visitName(v)}
              {v.endedAt ? ` — ${v.startedAt.slice(0, 10)}` : ' — open'}
            </option>
          ))}
        </select>
        <button type="button" className="button button-small" disabled={target === current} onClick={() => void move([detail.id], target === 'none' ? null : target)}>
          Move to visit
        </button>
      </div>
    </section>
  );
}
