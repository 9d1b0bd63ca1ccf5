// Error codes a contract call can fail with. Every failure carries a sentence for the engineer.
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'no_connection',
  'not_allowed',
  'not_supported',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class KioskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KioskError';
  }
}

/**
 * The wire form of a call's result, the same over IPC and HTTP. Over IPC the preload rethrows a
 * failure as `Error("[code] message")` (contextBridge keeps only an Error's message); the renderer's
 * client turns that back into a KioskError.
 */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };
