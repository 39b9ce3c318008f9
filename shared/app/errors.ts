/** Something named by the caller does not exist (an area, a visitor, a visit): 404 in the API, exit 1 in the CLI. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The request contradicts what is already recorded (a visit judged otherwise before): 409 in the API, exit 1 in the CLI. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
