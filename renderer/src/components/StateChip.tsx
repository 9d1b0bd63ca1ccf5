import { STATE_LABELS, type RequestState } from '../../../shared/api/states.ts';

/** A request's state in the UI's words, coloured per state. */
export function StateChip({ state }: { state: RequestState }) {
  return (
    <span className={`chip chip-state state-${state}`} data-state={state}>
      <span className="chip-dot" aria-hidden="true" />
      {STATE_LABELS[state]}
    </span>
  );
}
