/**
 * What the start-up log tells whoever started the server: each optional part that is off (by the
 * variables that would turn it on, never their values) and the address to open. The attorneys'
 * pages are warned about by src/handoff/reach.ts; what is here is information.
 */
import type { Config } from '../config/env';

interface Log {
  info(o: object, msg: string): void;
}

/** Where a person opens the server: PUBLIC_BASE_URL when set, else this machine on the port it got. */
export function openUrl(config: Pick<Config, 'publicBaseUrl' | 'port'>, port: number, publicBaseUrlSet: boolean): string {
  return publicBaseUrlSet ? config.publicBaseUrl : `http://localhost:${port}`;
}

/**
 * PUBLIC_BASE_URL's default (src/config/env.ts) is http://localhost:PORT: a server still on it has
 * not been told the address people reach it at.
 */
export function publicBaseUrlIsSet(config: Pick<Config, 'publicBaseUrl' | 'port'>): boolean {
  return config.publicBaseUrl !== `http://localhost:${config.port}`;
}

export function reportStart(config: Config, port: number, logger: Log): void {
  const set = publicBaseUrlIsSet(config);
  const off = (part: string, variables: string[], consequence: string) =>
    logger.info({ part, variables }, `${part}: ${variables.join(' / ')} not set: ${consequence}`);
  if (!set)
    off(
      'public address',
      ['PUBLIC_BASE_URL'],
      "links and the demo page use this machine's address; set it to the https address people reach (required for SMS)",
    );
  if (!config.twilio) off('sms', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'], 'SMS and WhatsApp are off (docs/twilio.md)');
  else if (!config.twilio.phoneNumber) off('sms', ['TWILIO_PHONE_NUMBER'], 'replies go out, but reminders and texted pages are not sent');
  if (!config.microsoft.appId)
    off(
      'bot framework',
      ['MicrosoftAppId'],
      'Teams and Azure Web Chat are off; /api/messages takes the Bot Framework Emulator on this machine only (docs/azure-bot.md)',
    );
  if (!config.handoff.smtp) off('email', ['SMTP_URL', 'MAIL_FROM'], 'no email is sent');
  if (!config.mongodbUri) off('mongodb', ['MONGODB_URI'], 'the embedded store in DATA_DIR keeps everything: run one instance');
  const url = openUrl(config, port, set);
  logger.info({ url, port, host: config.server.host }, `open ${url}/ for the web chat demo; attorneys sign in at ${url}/login`);
}
