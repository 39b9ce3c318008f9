/** The provider refused for now (rate limit): nothing was sent, so trying later is safe. */
export class SmsThrottledError extends Error {
  override readonly name = 'SmsThrottledError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The provider refused this message for good (bad number, opted out, blocked text). */
export class SmsRejectedError extends Error {
  override readonly name = 'SmsRejectedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
