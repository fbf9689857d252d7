/**
 * Small HTTP helpers shared by the routes: content types, JSON errors. Every error a client
 * gets is JSON: {"code": "...", "message": "..."} (restify's own shape).
 */
import type { Next, Request, Response } from 'restify';
import errors from 'restify-errors';

/** 415 unless the request body is one of these media types (a request with no body passes). */
export function accepts(...types: string[]) {
  return function acceptsType(req: Request, _res: Response, next: Next) {
    const length = Number(req.headers['content-length'] ?? 0);
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (!length && !chunked) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!types.includes(type)) return next(new errors.UnsupportedMediaTypeError(`expected ${types.join(' or ')}`));
    return next();
  };
}

export const httpErrors = errors;
