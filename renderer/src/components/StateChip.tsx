import { useTranslation } from 'react-i18next';
import type { RequestState } from '../../../shared/api/states.ts';

/** A request's state in the UI's words, coloured per state. */
export function StateChip({ state }: { state: RequestState }) {
  const { t } = useTranslation('common');
  return (
    <span className={`chip chip-state state-${state}`} data-state={state}>
      <span className="chip-dot" aria-hidden="true" />
      {t(`states.${state}`)}
    </span>
  );
}
