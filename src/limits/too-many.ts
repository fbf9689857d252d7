/**
 * The answer over a limit: 429 Too Many Requests with Retry-After in whole seconds, and restify's
 * usual JSON error body ({"code": "TooManyRequests", "message": ...}).
 */
import type { Response } from 'restify';
import { httpErrors } from '../server/http';
import type { Decision } from './rate-limiter';

/** The error to throw from a handler (after it has set Retry-After on `res`). */
export function tooMany(res: Response, decision: Decision, what: string): Error {
  res.setHeader('Retry-After', String(decision.retryAfterSeconds));
  res.setHeader('Cache-Control', 'no-store');
  return new httpErrors.TooManyRequestsError(`too many ${what}: retry after ${decision.retryAfterSeconds} s`);
}
