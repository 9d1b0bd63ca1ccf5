// Request states, in the order the engineer meets them. Kept zod-free so the preload can use it.
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

/** What each state means, in the words the UI uses. */
export const STATE_LABELS: Record<RequestState, string> = {
  queued: 'Waiting to sync',
  in_flight: 'Sending',
  retry_wait: 'Will retry',
  fulfilled: 'Ready to deliver',
  delivered: 'Delivered',
  rejected: 'Refused',
  expired: 'Expired',
  cancelled: 'Cancelled',
};
