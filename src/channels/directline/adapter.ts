/**
 * The botbuilder adapter behind the self-hosted Direct Line: an activity posted by the client runs
 * through the bot in a TurnContext. What the bot says needs no delivery here: the conversation
 * service has already stored it in the transcript, which is what the client polls.
 */
import { randomUUID } from 'node:crypto';
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';

export type BotLogic = (context: TurnContext) => Promise<void>;

export class DirectLineAdapter extends BotAdapter {
  /** Runs one activity through the middleware and the bot; a failure rejects (nothing is half-sent). */
  async processActivity(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map(() => ({ id: randomUUID() }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error('Direct Line: activities cannot be updated');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('Direct Line: activities cannot be deleted');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }
}
