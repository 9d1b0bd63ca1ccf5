import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../shared/api/contract.ts';
import { useVisits, visitName, visitOption } from './visits-store.ts';

/** In a request's detail: the visit it belongs to, and "Move to visit". */
export function MoveToVisit({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation('visits');
  const visits = useVisits((s) => s.visits);
  const move = useVisits((s) => s.move);
  const current = detail.visitId ?? 'none';
  const [target, setTarget] = useState(current);
  useEffect(() => setTarget(current), [current]);
  const belongsTo = visits.find((v) => v.id === detail.visitId);
  return (
    <section className="detail-section" aria-label={t('move.section')} data-testid="request-visit">
      <h3>{t('move.section')}</h3>
      <p className="muted small">{detail.visitId ? t('move.partOf', { name: visitName(belongsTo) }) : t('move.noVisit')}</p>
      <div className="visit-move">
        <label className="visually-hidden" htmlFor="move-to-visit">
          {t('move.label')}
        </label>
        <select id="move-to-visit" value={target} onChange={(event) => setTarget(event.currentTarget.value)}>
          <option value="none">{t('move.none')}</option>
          {visits.map((v) => (
            <option key={v.id} value={v.id}>
              {visitOption(v, false)}
            </option>
          ))}
        </select>
        <button type="button" className="button button-small" disabled={target === current} onClick={() => void move([detail.id], target === 'none' ? null : target)}>
          {t('move.button')}
        </button>
      </div>
    </section>
  );
}
