/**
 * Bot Framework: POST /api/messages through botbuilder's CloudAdapter. With no MicrosoftAppId the
 * Bot Framework Emulator can talk to it; with one, a request without a valid token is refused.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Server } from 'restify';
import type { Parts } from '../../server/parts';
import { accepts } from '../../server/http';

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

export function registerBotFramework(server: Server, parts: Parts): void {
  const adapter = botFrameworkAdapter(parts);
  server.post('/api/messages', accepts('application/json'), async (req, res) => {
    await adapter.process(req, res, (context) => parts.bot.run(context));
  });
}
