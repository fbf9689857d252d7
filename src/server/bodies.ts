/**
 * Request bodies: what the server reads, before any route sees them.
 *
 * Not restify's all-in-one bodyParser: its reader gunzips with no error listener (one broken
 * gzip body ended the process), counts the limit on compressed bytes (a 58 KB body inflated to
 * 60 MB), and its multipart reader (formidable) writes every upload to a temporary file, 200 MB by
 * default, even on routes that then refuse the request. Here:
 *  - a body with any Content-Encoding but identity is refused (415) before a byte of it is read,
 *    on every path, so nothing is ever inflated; with identity only, the bytes counted against the
 *    limit are the decoded bytes, chunked transfer included;
 *  - a multipart body is refused (415) before it is read, except on the routes named in
 *    `uploadRoutes`, which read their own stream with their own limits; nothing here writes a file;
 *  - any other body is read into memory up to `maxBytes` (413 past it, or at once when its declared
 *    length is over), then JSON and forms are parsed with restify's own parsers (same results as
 *    before: req.body parsed, req.rawBody the text).
 * A refused body is answered at once, unread, and Node closes the connection behind the answer
 * (it keeps no connection whose request was not read), so a client pushing 30 MB stops at what
 * the socket buffers hold; a client that asks first (Expect: 100-continue) never sends it.
 */
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import errors from 'restify-errors';

/** What any route but an upload takes: JSON and forms of a person's answers are a few KB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A route as restify names it: its method and its path pattern as registered. */
export interface RouteKey {
  method: string;
  path: string;
}

/**
 * The routes that take multipart uploads: none today. A route added here gets its request stream
 * unread (no reader, no parser) and must parse it itself with its own limits (and call
 * res.writeContinue() when the request has `Expect: 100-continue`); every other route answers a
 * multipart body with 415 before reading it.
 */
export const UPLOAD_ROUTES: readonly RouteKey[] = [];

export interface BodyOptions {
  maxBytes: number;
  uploadRoutes: readonly RouteKey[];
}

/** The media type, lowercased, without parameters (and without the spaces restify keeps). */
export function mediaType(req: { headers: Record<string, string | string[] | undefined> }): string {
  const header = req.headers['content-type'];
  return String(Array.isArray(header) ? header[0] : (header ?? ''))
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** Content-Encoding says the body is as sent: absent, empty, or identity (a list of them too). */
export function identityEncoded(header: string | string[] | undefined): boolean {
  if (header === undefined) return true;
  return (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .every((c) => c === '' || c === 'identity');
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function isUpload(req: Request, uploadRoutes: readonly RouteKey[]): boolean {
  const route = req.getRoute();
  if (!route) return false;
  const method = String(route.method).toUpperCase();
  return uploadRoutes.some((u) => u.method.toUpperCase() === method && u.path === String(route.path));
}

/**
 * Before routing: Content-Encoding (any path, any method) and Transfer-Encoding. Node decodes
 * chunked transfer itself; any other transfer coding would hand us its raw bytes.
 */
function refuseEncodings(req: Request, res: Response, next: Next) {
  if (!identityEncoded(req.headers['content-encoding'])) {
    res.setHeader('Accept-Encoding', 'identity');
    return next(new errors.UnsupportedMediaTypeError('Content-Encoding is not supported: send the body as is (identity)'));
  }
  const te = req.headers['transfer-encoding'];
  if (te !== undefined && te.trim().toLowerCase() !== 'chunked') {
    return next(new errors.NotImplementedError('Transfer-Encoding other than chunked is not supported'));
  }
  return next();
}

/** The first handler after routing: multipart only where a route opted in, then the size. */
function guardBody(o: BodyOptions) {
  return function guardBody(req: Request, _res: Response, next: Next) {
    if (!hasBody(req)) return next();
    if (mediaType(req).startsWith('multipart/') && !isUpload(req, o.uploadRoutes)) {
      return next(new errors.UnsupportedMediaTypeError('multipart bodies are not accepted here'));
    }
    return next();
  };
}

/** Text the parsers read as a string (as restify's reader did); anything else stays bytes. */
function isText(type: string): boolean {
  return (
    type === '' ||
    type === 'application/json' ||
    type === 'application/x-www-form-urlencoded' ||
    type.startsWith('text/') ||
    /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type)
  );
}

/** Reads the body into memory, counting every byte that arrives, and stops at the limit. */
function readBody(o: BodyOptions) {
  return function readBody(req: Request, res: Response, next: Next) {
    if (!hasBody(req)) return next();
    // An upload route reads its own stream.
    if (mediaType(req).startsWith('multipart/') && isUpload(req, o.uploadRoutes)) return next();
    const tooLarge = () => new errors.PayloadTooLargeError(`the request body is over ${o.maxBytes} bytes`);
    // Refused on its declared length, before a byte is read.
    if (Number(req.headers['content-length'] ?? 0) > o.maxBytes) return next(tooLarge());
    // A client that asked first (Expect: 100-continue, as curl does for large bodies) is told to
    // send only now, so that a refused body is never sent at all (the server is made with
    // noWriteContinue). An upload route says it itself when it starts reading.
    if (/^100-continue$/i.test(String(req.headers.expect ?? '').trim())) res.writeContinue();

    let received = 0;
    let chunks: Buffer[] = [];
    let settled = false;
    const settle = (err?: Error | false) => {
      if (settled) return;
      settled = true;
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onGone);
      res.removeListener('close', onGone);
      next(err);
    };
    function onData(chunk: Buffer) {
      if (settled) return; // past the limit: the rest is read and dropped
      received += chunk.length;
      if (received > o.maxBytes) {
        chunks = [];
        settle(tooLarge());
        return;
      }
      chunks.push(chunk);
    }
    function onEnd() {
      const body = Buffer.concat(chunks);
      chunks = [];
      (req as { body?: unknown }).body = isText(mediaType(req)) ? body.toString('utf8') : body;
      settle();
    }
    function onError(err: Error) {
      settle(new errors.BadRequestError(`the request body could not be read: ${err.message}`));
    }
    // The client went away (or a timeout cut it off): nothing to answer, and no handler may run
    // on half a body.
    function onGone() {
      settle(false);
    }
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('aborted', onGone);
    res.once('close', onGone);
    req.resume();
  };
}

/** JSON and forms, parsed as restify parses them; other bodies stay as read. */
function parseBody() {
  const json = restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false } as restify.plugins.BodyParserOptions)[0] as restify.RequestHandler;
  const form = restify.plugins.urlEncodedBodyParser({ bodyReader: true, mapParams: false } as restify.plugins.BodyParserOptions)[0] as restify.RequestHandler;
  return function parseBody(req: Request, res: Response, next: Next) {
    const body = (req as { body?: unknown }).body;
    if (req.method === 'GET' || req.method === 'HEAD' || body === undefined || (typeof body === 'string' && body === '')) return next();
    const type = mediaType(req);
    if (type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type)) return json(req, res, next);
    if (type === 'application/x-www-form-urlencoded') return form(req, res, next);
    return next();
  };
}

/**
 * Installs the encoding check (before routing) and the body handlers (first after it). The server
 * must be made with `noWriteContinue: true` (see readBody).
 */
export function installBodies(server: Server, o: BodyOptions): void {
  server.pre(refuseEncodings);
  server.use(guardBody(o));
  server.use(readBody(o));
  server.use(parseBody());
}
