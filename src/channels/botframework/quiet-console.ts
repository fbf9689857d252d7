/**
 * botbuilder writes to the console on its own: CloudAdapter.process() dumps every failed turn with
 * console.error (an AuthenticationError with its stack, an upstream RestError with the channel's
 * reply body and the conversation's ids) and sends err.message back to the caller, and
 * botframework-connector's JwtTokenExtractor console.errors an expired token's error and, for a
 * token it cannot verify, the keys it tried. None of that may reach stdout/stderr: it is raw,
 * multi-line, and carries ids and upstream bodies.
 *
 * The route no longer calls process() (routes.ts authenticates and runs the turn through the
 * adapter's lower-level API and answers errors itself), which removes the adapter's dump at the
 * root. The connector's writes happen deep inside token validation, where nothing can be passed
 * in: for those, and for anything botbuilder may add, console is wrapped once, and a write made
 * inside a Bot Framework request (known by AsyncLocalStorage, so concurrent requests and the rest
 * of the process are untouched) goes to our logger instead, reduced to the error's name, code and
 * status. A write from anywhere else goes to the console as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../../log';

/** What may be logged of an error: its kind, never its message (ids, tokens, upstream bodies). */
export interface ErrorFacts {
  name: string;
  code?: string | number;
  status?: number;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const CODE = /^[A-Za-z0-9_.-]{1,40}$/;

/** The name, code and status of whatever was thrown; nothing else of it. */
export function errorFacts(err: unknown): ErrorFacts {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; statusCode?: unknown; status?: unknown };
  const name = typeof e.name === 'string' && NAME.test(e.name) ? e.name : typeof err === 'string' ? 'text' : 'Error';
  const facts: ErrorFacts = { name };
  if (typeof e.code === 'number' || (typeof e.code === 'string' && CODE.test(e.code))) facts.code = e.code;
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  if (status !== undefined && Number.isInteger(status)) facts.status = status;
  return facts;
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
type Method = (typeof METHODS)[number];

const scope = new AsyncLocalStorage<Logger>();
let wrapped = false;

function wrapConsole(): void {
  if (wrapped) return;
  wrapped = true;
  for (const method of METHODS) {
    // Called with apply(this) below: the console's own `this` is kept.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = console[method];
    console[method] = function (this: Console, ...args: unknown[]) {
      const logger = scope.getStore();
      if (!logger) return original.apply(this, args);
      // An Error among the arguments says what failed; a bare string is dropped (it may hold a key or an id).
      const err = args.find((a) => a instanceof Error);
      logger.warn({ source: 'botbuilder', method: method as Method, err: err ? errorFacts(err) : { name: 'text' } }, 'botbuilder wrote to the console');
    } as Console[Method];
  }
}

/** Runs `fn` with botbuilder's console writes going to `logger`, redacted. */
export function quietly<T>(logger: Logger, fn: () => Promise<T>): Promise<T> {
  wrapConsole();
  return scope.run(logger, fn);
}
