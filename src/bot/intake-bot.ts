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
 * Set in a turn's state by a channel adapter whose replies leave in its response to the message
 * (Twilio's): the service then stores them as unsent (Incoming.confirmsDelivery), and the bot sets
 * DELIVERY to what the channel marks sent once that response is out.
 */
export const CONFIRMS_DELIVERY = Symbol('confirms delivery');
/** Set in a turn's state: the service's HandledTurn.delivery (null: nothing to mark). */
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
    const confirmsDelivery = context.turnState.get(CONFIRMS_DELIVERY) === true;
    const handled = await this.service.receive({ ...inboundOf(context.activity), ...(confirmsDelivery ? { confirmsDelivery } : {}) });
    context.turnState.set(DUPLICATE, handled.duplicate);
    context.turnState.set(DELIVERY, handled.delivery ?? null);
    const activities = replyActivities(channelOf(context.activity), handled.replies, handled.language);
    if (activities.length) await context.sendActivities(activities);
  }
}
