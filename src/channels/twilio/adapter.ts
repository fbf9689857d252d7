/**
 * A botbuilder adapter for Twilio's Messaging webhook. Twilio waits for the answer to a message
 * in the HTTP response (TwiML), so a turn's replies are collected, not sent: processActivity runs
 * the bot and returns the texts it said. Messages the assistant starts (reminders) go through
 * Twilio's REST API instead (sender.ts).
 */
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { CONFIRMS_DELIVERY, DELIVERY, DUPLICATE } from '../../bot/intake-bot';
import type { Delivery } from '../../conversation/service';

const REPLIES = Symbol('twilio replies');

export interface TwilioTurn {
  /** What the bot said, in order: one SMS / WhatsApp message each. */
  texts: string[];
  /** The message had been received before (a retried webhook): the texts are the ones sent then. */
  duplicate: boolean;
  /** The texts are the turn's replies stored as unsent: mark them sent once the response is out. */
  delivery: Delivery | null;
}

export class TwilioAdapter extends BotAdapter {
  /** Runs one turn of `logic` (the bot) for an incoming activity. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<TwilioTurn> {
    const context = new TurnContext(this, activity);
    const texts: string[] = [];
    context.turnState.set(REPLIES, texts);
    // The replies leave in the webhook's response: the route says when (processActivity's delivery).
    context.turnState.set(CONFIRMS_DELIVERY, true);
    await this.runMiddleware(context, logic);
    return { texts, duplicate: context.turnState.get(DUPLICATE) === true, delivery: (context.turnState.get(DELIVERY) as Delivery | null | undefined) ?? null };
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const texts = context.turnState.get(REPLIES) as string[] | undefined;
    if (!texts) throw new Error('TwilioAdapter: replies can only be sent within a webhook turn');
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Typing indicators, delays and the like have no SMS equivalent.
      if ((activity.type ?? 'message') === 'message' && activity.text) texts.push(activity.text);
      responses.push({ id: `${context.activity.id ?? 'turn'}.${texts.length}` });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error('TwilioAdapter: an SMS cannot be changed once sent');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('TwilioAdapter: an SMS cannot be deleted once sent');
  }

  override async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error('TwilioAdapter: proactive messages go through the Twilio senders (channels/twilio/sender.ts)');
  }
}
