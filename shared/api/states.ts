// Request states, in the order the engineer meets them. Kept zod-free so the preload can use it.
import { t } from '../i18n/index.ts';

export const REQUEST_STATES = [
  'queued',
  'in_flight',
  'retry_wait',
  'fulfilled',
  'delivered',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** A state's label in the current language, in the words the UI uses. */
export function stateLabel(state: RequestState): string {
  return t(`contract:states.${state}`);
}

/**
 * What each state means, in the words the UI uses: each label is read in the current language when
 * it is looked up (`STATE_LABELS[state]`), never frozen at load.
 */
export const STATE_LABELS: Readonly<Record<RequestState, string>> = Object.defineProperties(
  {} as Record<RequestState, string>,
  Object.fromEntries(REQUEST_STATES.map((state) => [state, { get: () => stateLabel(state), enumerable: true }])),
);
