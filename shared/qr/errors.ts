// One error type for every text/binary form the kiosk reads: callers can tell a refusal of the
// input (UrError) from a bug (anything else).
export class UrError extends Error {
  override name = 'UrError';
}
