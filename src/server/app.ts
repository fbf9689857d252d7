/**
 * The HTTP server: restify with a 64 KB body limit (src/server/bodies.ts: no encodings, no
 * multipart, no temporary files), the health routes, and each channel's routes.
 * Routes translate; everything else is in Parts.
 */
import restify, { type Server } from 'restify';
import { registerBotFramework } from '../channels/botframework/routes';
import { registerDirectLine } from '../channels/directline/routes';
import { registerTwilio } from '../channels/twilio/routes';
import { registerSmsStatus } from '../channels/twilio/status';
import { registerWeb } from '../web/routes';
import { registerUploadPage, UPLOAD_PAGE_UPLOAD } from '../web/upload-routes';
import { DIRECT_LINE_UPLOAD } from '../channels/directline/upload';
import { registerApi } from '../api/routes';
import { registerDashboard } from '../dashboard/routes';
import { registerHandoff } from '../handoff/routes';
import type { Parts } from './parts';
import { quarantinedReport } from '../conversation/quarantine-report';
import { installSecurityHeaders } from './security-headers';
import { installBodies, MAX_BODY_BYTES, UPLOAD_ROUTES } from './bodies';
import { installDirectLineCors, OriginPolicy } from '../channels/directline/cors';

export { MAX_BODY_BYTES } from './bodies';

/** The routes that read their own multipart bodies (the family's files): the upload page and Direct Line's upload. */
export const UPLOADS = [UPLOAD_PAGE_UPLOAD, DIRECT_LINE_UPLOAD] as const;

export function createServer(parts: Parts): Server {
  // noWriteContinue: "100 Continue" is sent by the body reader, once a body is accepted (bodies.ts).
  // maxParamLength: the upload link's token (src/documents/link.ts) is longer than the router's default 100.
  const server = restify.createServer({
    name: 'parole-intake',
    handleUncaughtExceptions: false,
    noWriteContinue: true,
    maxParamLength: 400,
  } as restify.ServerOptions);
  // First, so that every response (errors and 404s too) carries them; routes may set stricter ones.
  installSecurityHeaders(server, parts.config.publicBaseUrl);
  // Before the body guard: its refusals to an allowed page must carry CORS to be readable there.
  installDirectLineCors(server, new OriginPolicy(parts.config.directLine.allowedOrigins, parts.config.publicBaseUrl));
  // Bodies before anything else reads the request: encodings and multipart refused unread.
  installBodies(server, { maxBytes: MAX_BODY_BYTES, uploadRoutes: [...UPLOAD_ROUTES, ...UPLOADS] });
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });
  // With MongoDB: 200 "degraded" while the database is away and messages wait in the outage
  // spool (why 200: Spooling.readiness); the ping never waits more than 2 s.
  server.get('/readyz', async (_req, res) => {
    const r = await parts.spooling.readiness();
    // Messages set aside (src/conversation/quarantine.ts), when there are any: not a reason for a 503.
    const quarantined = r.body.store === 'ok' ? await quarantinedReport(parts.store, parts.logger) : null;
    res.json(r.code, quarantined ? { ...r.body, quarantined } : r.body);
  });

  registerBotFramework(server, parts);
  registerDirectLine(server, parts);
  registerTwilio(server, parts);
  registerSmsStatus(server, parts);
  registerWeb(server, parts);
  registerUploadPage(server, parts);
  registerHandoff(server, parts);
  registerDashboard(server, parts);
  registerApi(server, parts);

  // A failure inside a handler is a 500 with a JSON body, logged without the request's content.
  server.on('restifyError', (req, _res, err, callback) => {
    if ((err.statusCode ?? 500) >= 500) parts.logger.error({ route: req.getRoute()?.path, err: err.message }, 'request failed');
    return callback();
  });
  return server;
}
