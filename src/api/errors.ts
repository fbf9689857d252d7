/**
 * The API's JSON answers: `Cache-Control: no-store` on every one (they carry client data), and one
 * error shape, `{ error: { code, message } }`. Messages are for the integration's developer; the
 * code is what a program should test.
 */
import type { Response } from 'restify';

export interface ApiError {
  error: { code: string; message: string; parameter?: string };
}

export function sendJson(res: Response, status: number, body: unknown): void {
  res.header('Cache-Control', 'no-store');
  res.json(status, body);
}

export function sendError(res: Response, status: number, code: string, message: string, extra: { parameter?: string; current?: string } = {}): void {
  sendJson(res, status, { error: { code, message, ...extra } });
}
