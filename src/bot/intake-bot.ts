/**
 * The one bot every channel runs: a botbuilder ActivityHandler that hands messages to the
 * conversation service and sends back its replies. Channels (Twilio, Direct Line, Bot Framework)
 * only translate to and from activities.
 */
import { ActivityHandler, type TurnContext } from 'botbuilder';
import type { IntakeService } from '../conversation/service';
import { channelOf, inboundOf, keyOf, localeOf, replyActivities } from './activities';

/** What the bot calls: the conversation service, or the outage spool's wrapper around it (src/spool). */
export type Intake = Pick<IntakeService, 'receive' | 'open'>;

/** Set in a turn's state when the message had been received before (a retried webhook). */
export const DUPLICATE = Symbol('duplicate');
/**
 * Set in a turn's state when its replies are stored as unsent until the channel's response is
 * out (the service's HandledTurn.delivery): the channel marks them sent then (Twilio's route).
 */
export const DELIVERY = Symbol('delivery');

export class IntakeBot extends ActivityHandler {
  constructor(private readonly service: Intake) {
    super();
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // Web chat opens: the assistant speaks first, once.
      const { activity } = context;
      const someoneElse = (activity.membersAdded ?? []).some((m) => m.id !== activity.recipient?.id);
      if (someoneElse) {
        const handled = await this.service.open(keyOf(activity), new Date(activity.timestamp ?? Date.now()), localeOf(activity));
        if (handled.replies.length) await context.sendActivities(replyActivities(channelOf(activity), handled.replies, handled.language));
      }
      await next();
    });
  }

  private async answer(context: TurnContext) {
    const handled = await this.service.receive(inboundOf(context.activity));
    context.turnState.set(DUPLICATE, handled.duplicate);
    context.turnState.set(DELIVERY, handled.delivery ?? null);
    const activities = replyActivities(channelOf(context.activity), handled.replies, handled.language);
    if (activities.length) await context.sendActivities(activities);
  }
}
