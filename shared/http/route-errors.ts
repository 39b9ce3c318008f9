import { BadCursorError } from '../adapters/dynamodb/cursor';
import { ApiProblem, notFound } from './api';

/** Turns the use cases' typed errors into problem details: unknown → 404, contradicting → 409, a forged cursor → 400. */
export async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    if (error.name === 'NotFoundError') throw notFound(error.message);
    if (error.name === 'ConflictError') throw new ApiProblem(409, 'Conflict', error.message);
    if (error instanceof BadCursorError) throw new ApiProblem(400, 'Bad Request', error.message, [{ field: 'query.cursor', rule: 'must be the next value of the previous page' }]);
    throw error;
  }
}
