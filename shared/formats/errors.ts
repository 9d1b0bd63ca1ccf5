// The one error type the format readers throw for bad input: `form` names what was being read,
// the message says what was wrong. Anything else thrown is a bug.
export class FormatError extends Error {
  override name = 'FormatError';
  constructor(
    readonly form: string,
    message: string,
  ) {
    super(message);
  }
}
