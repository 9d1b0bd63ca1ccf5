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

/** A state's label in the current language: the same words on every screen and in main's sentences. */
export function stateLabel(state: RequestState): string {
  return t(`common:states.${state}`);
}
