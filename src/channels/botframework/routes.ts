/**
 * Bot Framework: POST /api/messages, through botbuilder's CloudAdapter (adapter.ts).
 *
 * Without MicrosoftAppId (the default) nothing authenticates a caller, so the route serves only the
 * Bot Framework Emulator on this machine: the TCP peer must be loopback (the socket's address, no
 * header), and the replies may go only to a serviceUrl on loopback. With an app id, a request needs
 * a valid Bot Connector token, and the replies may go only to the Bot Framework service's hosts.
 *
 * Rate limits, as on the other channels: per IP (every request without an app id; with one, only
 * the refused ones, since Azure Bot Service posts every user's messages from its own few
 * addresses), and per conversation. Paging the attorneys is capped in src/handoff.
 *
 * A failure answers a generic JSON error; what failed goes to the log as its name, code and
 * status only (never an id, a token, an upstream reply's body or what anyone wrote), and nothing
 * of botbuilder's reaches the console (quiet-console.ts).
 */
import type { Request, Response, Server } from 'restify';
import { ConversationBusyError } from '../../conversation/service';
import { clientIp } from '../../limits/client-ip';
import { takeAll } from '../../limits/rate-limiter';
import { tooMany } from '../../limits/too-many';
import { accepts, httpErrors } from '../../server/http';
import type { Parts } from '../../server/parts';
import { botFrameworkAdapter, type Authenticated } from './adapter';
import { callerOnThisMachine, isBotFrameworkServiceUrl, isLoopbackUrl } from './addresses';
import { activityProblem, toActivity } from './incoming';
import { errorFacts, quietly } from './quiet-console';

export const MESSAGES_PATH = '/api/messages';

/** Channel ids that bot/activities.ts maps onto the channels served by their own routes. */
const OWN_ROUTE_CHANNELS = new Set(['sms', 'whatsapp', 'directline', 'webchat']);

export function registerBotFramework(server: Server, parts: Parts): void {
  const adapter = botFrameworkAdapter(parts.config);
  const { logger, limits } = parts;
  const open = !parts.config.microsoft.appId;
  const log = { route: MESSAGES_PATH };

  /** A refused request with an app id counts against its IP; over the limit, a 429 instead. */
  function refused(req: Request, res: Response, error: Error): Error {
    if (open) return error;
    const decision = limits.botFrameworkPerIp.take(clientIp(req, limits.trustedProxies));
    return decision.allowed ? error : tooMany(res, decision, 'refused requests');
  }

  server.post(MESSAGES_PATH, accepts('application/json'), async (req: Request, res: Response) => {
    if (open) {
      // Only the Emulator on this machine: anyone else could start intakes and page the attorneys.
      if (!callerOnThisMachine(req)) {
        logger.warn({ ...log, reason: 'not_loopback' }, 'bot framework request refused');
        throw new httpErrors.UnauthorizedError(
          'without MicrosoftAppId, /api/messages takes requests from this machine only (the Bot Framework Emulator); set MicrosoftAppId to take them from Azure Bot Service',
        );
      }
      const decision = limits.botFrameworkPerIp.take(clientIp(req, limits.trustedProxies));
      if (!decision.allowed) throw tooMany(res, decision, 'requests');
    } else {
      // An IP over its limit of refused requests is refused before the token is looked at.
      const decision = limits.botFrameworkPerIp.peek(clientIp(req, limits.trustedProxies));
      if (!decision.allowed) throw tooMany(res, decision, 'refused requests');
      if (!req.headers.authorization) throw refused(req, res, new httpErrors.UnauthorizedError('a Bot Connector token is required'));
    }
    // Refused here, as a 400: botbuilder would take a malformed activity and fail with it later, as a 500.
    const problem = activityProblem(req.body);
    if (problem) throw new httpErrors.BadRequestError(problem);
    const activity = toActivity(req.body as Record<string, unknown>);
    // Without an app id, an activity naming the sms, whatsapp or web chat channel would reach that
    // channel's conversation (a family's SMS conversation by their number). Those channels come in
    // through /api/sms and /v3/directline only.
    if (open && OWN_ROUTE_CHANNELS.has(activity.channelId)) throw new httpErrors.ForbiddenError('this channel is not served by the Bot Framework endpoint');
    // The intake bot answers no invoke (card actions, Teams tasks): botbuilder would say 501.
    if (activity.type === 'invoke') throw new httpErrors.BadRequestError('this bot takes no invoke activities');

    await quietly(logger, async () => {
      let auth: Authenticated;
      try {
        auth = await adapter.authenticate(activity, req.headers.authorization ?? '');
      } catch (err) {
        // Whatever failed (a bad token, a signature that does not verify, the keys out of reach),
        // the request is not let in; the log tells which by the error's name and status.
        logger.warn({ ...log, err: errorFacts(err) }, 'bot framework request refused: token');
        throw refused(req, res, new httpErrors.UnauthorizedError('the Bot Connector token is not valid'));
      }
      // The replies are posted to the serviceUrl the activity names (with the bot's token, when
      // there is an app id): only the Emulator on this machine, or the Bot Framework service.
      if (open ? !isLoopbackUrl(activity.serviceUrl) : !isBotFrameworkServiceUrl(activity.serviceUrl)) {
        logger.warn({ ...log, reason: 'service_url' }, 'bot framework request refused');
        throw new httpErrors.ForbiddenError(
          open
            ? 'without MicrosoftAppId, the serviceUrl must be on this machine (the Bot Framework Emulator)'
            : 'the serviceUrl is not a Bot Framework service host',
        );
      }
      const rate = takeAll(limits.botFrameworkPerConversation, `${activity.channelId}:${activity.conversation.id}`);
      if (!rate.allowed) {
        logger.warn({ ...log, limit: 'botframework-per-conversation', retryAfter: rate.retryAfterSeconds }, 'bot framework request refused: rate');
        throw tooMany(res, rate, 'messages in this conversation');
      }

      let answer: Awaited<ReturnType<typeof adapter.runTurn>>;
      try {
        answer = await adapter.runTurn(auth, activity, (context) => parts.bot.run(context));
      } catch (err) {
        if (err instanceof ConversationBusyError) throw new httpErrors.ServiceUnavailableError('busy, try again');
        // An upstream failure's message holds the channel's reply body: neither logged nor returned.
        logger.error({ ...log, channel: activity.channelId, err: errorFacts(err) }, 'bot framework turn failed');
        throw new httpErrors.InternalServerError('the message could not be handled');
      }
      if (answer?.body !== undefined) res.json(answer.status, answer.body);
      else res.send(answer?.status ?? 200);
    });
  });
}
