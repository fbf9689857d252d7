/**
 * Twilio Messaging: POST /api/sms is the number's "A message comes in" webhook (SMS, MMS and
 * WhatsApp). Only requests signed by Twilio with the account's auth token are read; the message
 * goes through the one bot, and its replies go back as TwiML in the response. They are stored as
 * unsent until that response is out: a process that dies in between leaves them for
 * src/conversation/redelivery.ts to send.
 *
 * Twilio signs the URL it was configured with: PUBLIC_BASE_URL (the proxy's, behind one) + path.
 */
import type { Request, Response, Server } from 'restify';
import twilio from 'twilio';
import { ConversationBusyError } from '../../conversation/service';
import { accepts, httpErrors } from '../../server/http';
import type { Parts } from '../../server/parts';
import { clientIp } from '../../limits/client-ip';
import { takeAll } from '../../limits/rate-limiter';
import { tooMany } from '../../limits/too-many';
import { TwilioAdapter } from './adapter';
import { activityOf, isStatusCallback, mediaUrlsOf, param, parseForm, twimlOf, type WebhookParams } from './webhook';
import { TwilioMedia } from './media';
import { hostname } from 'node:os';

export const SMS_PATH = '/api/sms';
const FORM = 'application/x-www-form-urlencoded';

/** The raw form body as restify read it (the parsed one nests `a[b]` names, which Twilio never signs that way). */
export function paramsOf(req: Request): WebhookParams {
  const raw = (req as Request & { rawBody?: unknown }).rawBody;
  if (typeof raw === 'string') return parseForm(raw);
  if (Buffer.isBuffer(raw)) return parseForm(raw.toString('utf8'));
  return {};
}

export function signatureOf(req: Request): string {
  const header = req.headers['x-twilio-signature'];
  return (Array.isArray(header) ? header[0] : header) ?? '';
}

function sendTwiml(res: Response, texts: readonly string[]): void {
  res.sendRaw(200, twimlOf(texts), { 'Content-Type': 'text/xml; charset=utf-8' });
}

export function registerTwilio(server: Server, parts: Parts): void {
  const adapter = new TwilioAdapter();
  const { logger } = parts;
  const limits = parts.limits;
  // MMS and WhatsApp media: fetched, kept and deleted from Twilio after each answer (media.ts).
  const media = parts.config.twilio ? new TwilioMedia({ ...parts, instanceId: `${hostname()}:${process.pid}:sms-media` }) : null;
  if (media) void media.resume().catch((err: Error) => logger.warn({ job: 'twilio-media', err: err.name }, 'unfinished media not taken up'));
  if (parts.config.twilio && /^https?:\/\/localhost[:/]/.test(parts.config.publicBaseUrl + '/')) {
    logger.warn({ route: SMS_PATH }, 'twilio: PUBLIC_BASE_URL is not set; Twilio signs the public URL, so its webhooks will be refused');
  }

  server.post(
    SMS_PATH,
    function twilioConfigured(_req, _res, next) {
      if (!parts.config.twilio) return next(new httpErrors.NotFoundError('SMS is not set up on this server'));
      return next();
    },
    accepts(FORM),
    async function twilioWebhook(req: Request, res: Response) {
      const config = parts.config.twilio;
      if (!config) throw new httpErrors.NotFoundError('SMS is not set up on this server');
      const params = paramsOf(req);
      const signature = signatureOf(req);
      const url = parts.config.publicBaseUrl + req.url;
      if (!signature || !twilio.validateRequest(config.authToken, signature, url, params)) {
        // Per IP, only refused requests count: Twilio sends every family's messages from a shared
        // pool of its own addresses, so a per-IP limit on signed requests would throttle them all
        // at once in a surge (and a misconfigured second number on that pool could shut out the
        // good one). A signed request is never counted, and never refused here.
        const decision = limits.smsRefusedPerIp.take(clientIp(req, limits.trustedProxies));
        if (!decision.allowed) {
          logger.warn({ route: SMS_PATH, limit: 'sms-refused-per-ip', retryAfter: decision.retryAfterSeconds }, 'twilio webhook refused: rate');
          throw tooMany(res, decision, 'unsigned requests');
        }
        logger.warn({ route: SMS_PATH, signed: signature !== '' }, 'twilio webhook refused: signature');
        throw new httpErrors.ForbiddenError('the request is not signed by Twilio for this URL');
      }
      // A delivery report sent to this URL by mistake is not a message from anyone.
      if (isStatusCallback(params)) return sendTwiml(res, []);
      if (!param(params, 'MessageSid') || !param(params, 'From')) {
        throw new httpErrors.BadRequestError('MessageSid and From are required');
      }

      const from = param(params, 'From');
      // Too many from one number (a loop with an auto-responder, a script): answered 200 with an
      // empty TwiML, and nothing is recorded or sent. Twilio does not retry a refused webhook (a
      // 429 would only add an 11200 alert to the firm's console for every message of the loop),
      // and an empty answer costs no outbound SMS: the loop stops here. The number is not logged.
      const rate = takeAll(limits.smsPerNumber, from);
      if (!rate.allowed) {
        logger.warn({ route: SMS_PATH, limit: 'sms-per-number', retryAfter: rate.retryAfterSeconds }, 'twilio message dropped: rate');
        return sendTwiml(res, []);
      }

      // A reply from an attorney's pager acknowledges a page; it never reaches the bot (an
      // attorney's phone does not start an intake).
      if (parts.handoff.pagerLevelOf(from)) {
        const texts = await parts.handoff.acknowledgeBySms(from, param(params, 'Body'), new Date(), param(params, 'MessageSid'));
        return sendTwiml(res, texts ?? []);
      }

      const activity = activityOf(params, new Date());
      try {
        const turn = await adapter.processActivity(activity, (context) => parts.bot.run(context));
        logger.debug({ channel: activity.channelId, messageSid: activity.id, replies: turn.texts.length, duplicate: turn.duplicate }, 'twilio turn');
        const { delivery } = turn;
        // Its media, once Twilio has its answer (a retried webhook's are claimed already: media.ts).
        const urls = mediaUrlsOf(params);
        if (media && urls.length) {
          const key = { channel: activity.channelId === 'whatsapp' ? ('whatsapp' as const) : ('sms' as const), address: from };
          res.once('finish', () => void media.take(key, param(params, 'MessageSid'), urls));
        }
        // Out (handed to the connection) is sent: one small update of the conversation (on
        // MongoDB one command more per turn; on SQLite no sync of its own). A response that never
        // finishes (Twilio gave up, the process died) leaves the replies unsent.
        if (delivery) {
          res.once('finish', () => {
            parts.service
              .repliesSent(delivery)
              .catch((err: Error) =>
                logger.warn({ channel: delivery.channel, messageSid: delivery.inboundId, err: err.name }, 'replies sent, not marked: they may be sent again'),
              );
          });
        }
        return sendTwiml(res, turn.texts);
      } catch (err) {
        if (err instanceof ConversationBusyError) throw new httpErrors.ServiceUnavailableError('busy, try again');
        throw err;
      }
    },
  );
}
