/**
 * botbuilder's CloudAdapter, used through its lower-level API: the route authenticates the request
 * and runs the turn itself instead of calling process(), which prints every failure to the console
 * and sends the error's message (an upstream reply's body included) back to the caller. Here a
 * failure is only thrown, and routes.ts decides what the caller sees and what the log keeps.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config/env';

export class BotFrameworkAdapter extends CloudAdapter {
  /** Checks the request's token (or, with no app id, lets it in anonymously); throws an AuthenticationError. */
  authenticate(activity: Activity, authorization: string) {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs the turn of an authenticated request; the replies go to the activity's serviceUrl (or back, with expectReplies). */
  runTurn(auth: Authenticated, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** What authenticate() gives (botframework-connector's AuthenticateRequestResult, which botbuilder does not re-export). */
export type Authenticated = Awaited<ReturnType<BotFrameworkAdapter['authenticate']>>;

export function botFrameworkAdapter(config: Config): BotFrameworkAdapter {
  const m = config.microsoft;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: m.appId,
    MicrosoftAppPassword: m.appPassword,
    MicrosoftAppType: m.appType,
    MicrosoftAppTenantId: m.tenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  // No onTurnError: a failed turn is thrown to the route, which logs it redacted and answers a
  // generic error (botbuilder's handler would log the error's message, upstream body and all).
  return new BotFrameworkAdapter(auth);
}
