/**
 * Bot Framework: POST /api/messages through botbuilder's CloudAdapter. With no MicrosoftAppId the
 * Bot Framework Emulator can talk to it; with one, a request without a valid token is refused.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Server } from 'restify';
import type { Parts } from '../../server/parts';
import { accepts, httpErrors } from '../../server/http';
import { activityProblem } from './incoming';

export function botFrameworkAdapter(parts: Parts): CloudAdapter {
  const m = parts.config.microsoft;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: m.appId,
    MicrosoftAppPassword: m.appPassword,
    MicrosoftAppType: m.appType,
    MicrosoftAppTenantId: m.tenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    parts.logger.error({ err: error.message }, 'bot framework turn failed');
    throw error;
  };
  return adapter;
}

/** A URL of this machine (the Emulator's connector). */
function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Channel ids that bot/activities.ts maps onto the channels served by their own routes. */
const OWN_ROUTE_CHANNELS = new Set(['sms', 'whatsapp', 'directline', 'webchat']);

export function registerBotFramework(server: Server, parts: Parts): void {
  const adapter = botFrameworkAdapter(parts);
  // Without an app id anyone can post here (the Emulator's mode). An activity naming the sms,
  // whatsapp or web chat channel would reach that channel's conversation: a family's SMS
  // conversation by their number (their next answer, a STOP, the replies sent to the caller's
  // serviceUrl). Those channels come in through /api/sms and /v3/directline only.
  const open = !parts.config.microsoft.appId;
  server.post('/api/messages', accepts('application/json'), async (req, res) => {
    // With an app id, a request without a token is refused before anything is read (botbuilder
    // checks the token itself below).
    if (!open && !req.headers.authorization) throw new httpErrors.UnauthorizedError('a Bot Connector token is required');
    // Refused here, as a 400: botbuilder would take a malformed activity and fail with it later, as a 500.
    const problem = activityProblem(req.body);
    if (problem) throw new httpErrors.BadRequestError(problem);
    const { channelId, type } = req.body as { channelId: string; type: string };
    if (open && OWN_ROUTE_CHANNELS.has(channelId)) throw new httpErrors.ForbiddenError('this channel is not served by the Bot Framework endpoint');
    // Without an app id the replies would go to whatever serviceUrl a caller names: only the
    // Emulator on this machine is let in, so the server cannot be made to call other hosts.
    if (open && !isLoopback((req.body as { serviceUrl: string }).serviceUrl)) {
      throw new httpErrors.ForbiddenError('without MicrosoftAppId, only a Bot Framework Emulator on this machine may call');
    }
    // The intake bot answers no invoke (card actions, Teams tasks): botbuilder would say 501.
    if (type === 'invoke') throw new httpErrors.BadRequestError('this bot takes no invoke activities');
    await adapter.process(req, res, (context) => parts.bot.run(context));
  });
}
