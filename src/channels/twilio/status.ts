/**
 * Twilio's status callbacks: POST /api/sms/status is the StatusCallback every message sent
 * through the REST API asks for (sender.ts). Only requests signed by Twilio for the public URL
 * are read, as on the messaging webhook; each moves the recorded message's state forward
 * (queued, sent, delivered, failed), shown on the intake page. Nothing of the message is logged.
 */
import type { Request, Response, Server } from 'restify';
import twilio from 'twilio';
import { clientIp } from '../../limits/client-ip';
import { tooMany } from '../../limits/too-many';
import { accepts, httpErrors } from '../../server/http';
import type { Parts } from '../../server/parts';
import { paramsOf, signatureOf } from './routes';
import { SMS_STATUS_PATH, smsStateOf } from './sender';
import { param } from './webhook';

export function registerSmsStatus(server: Server, parts: Parts): void {
  const { logger, limits } = parts;
  server.post(
    SMS_STATUS_PATH,
    function twilioConfigured(_req, _res, next) {
      if (!parts.config.twilio) return next(new httpErrors.NotFoundError('SMS is not set up on this server'));
      return next();
    },
    accepts('application/x-www-form-urlencoded'),
    async function twilioStatus(req: Request, res: Response) {
      const config = parts.config.twilio;
      if (!config) throw new httpErrors.NotFoundError('SMS is not set up on this server');
      const params = paramsOf(req);
      const signature = signatureOf(req);
      if (!signature || !twilio.validateRequest(config.authToken, signature, parts.config.publicBaseUrl + req.url, params)) {
        // Refused requests share the messaging webhook's per-IP budget: signed ones never count.
        const decision = limits.smsRefusedPerIp.take(clientIp(req, limits.trustedProxies));
        if (!decision.allowed) throw tooMany(res, decision, 'unsigned requests');
        logger.warn({ route: SMS_STATUS_PATH, signed: signature !== '' }, 'twilio status callback refused: signature');
        throw new httpErrors.ForbiddenError('the request is not signed by Twilio for this URL');
      }
      const sid = param(params, 'MessageSid');
      const state = smsStateOf(param(params, 'MessageStatus'));
      if (!sid || !state) throw new httpErrors.BadRequestError('MessageSid and a known MessageStatus are required');
      const errorCode = param(params, 'ErrorCode') || null;
      const moved = await parts.handoffStore.updateSms(sid, { state, errorCode, at: new Date().toISOString() });
      logger.debug({ route: SMS_STATUS_PATH, messageSid: sid, state, moved }, 'twilio status');
      // Answered alike whether it moved anything (a status already passed, a message not ours).
      res.sendRaw(204, '');
    },
  );
}
