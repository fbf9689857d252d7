/**
 * Translation between botbuilder activities and the conversation service: an activity becomes an
 * inbound message, rendered replies become activities as the channel shows them (SMS text parts,
 * or web-chat text with buttons and progress).
 */
import type { Activity } from 'botbuilder';
import { isLang, type Channel, type Lang } from '../../dialogs/context';
import { toText, type Rendered } from '../i18n/render';
import type { Incoming } from '../conversation/service';
import type { ConversationKey } from '../store/store';

/** Our channel for a botbuilder channel id: Twilio's adapter says sms or whatsapp; Direct Line is our web chat. */
export function channelOf(activity: Partial<Activity>): Channel {
  const id = activity.channelId ?? '';
  if (id === 'sms' || id === 'whatsapp') return id;
  if (id === 'directline' || id === 'webchat') return 'webchat';
  return 'botframework';
}

export function keyOf(activity: Partial<Activity>): ConversationKey {
  const channel = channelOf(activity);
  const conversation = activity.conversation?.id ?? '';
  // Bot Framework conversation ids are unique per channel only.
  const address = channel === 'botframework' ? `${activity.channelId}:${conversation}` : conversation;
  return { channel, address };
}

export function localeOf(activity: Partial<Activity>): Lang | null {
  const l = (activity.locale ?? '').slice(0, 2).toLowerCase();
  return isLang(l) ? l : null;
}

export function inboundOf(activity: Partial<Activity>): Incoming {
  const media = (activity.attachments ?? []).flatMap((a) => (a.contentUrl ? [a.contentUrl] : []));
  const clientActivityID = (activity.channelData as { clientActivityID?: string } | undefined)?.clientActivityID;
  return {
    ...keyOf(activity),
    id: activity.id ?? '',
    at: (activity.timestamp ? new Date(activity.timestamp) : new Date()).toISOString(),
    text: activity.text ?? '',
    media,
    language: localeOf(activity),
    ...(clientActivityID ? { payload: { clientActivityID, userId: activity.from?.id ?? null } } : {}),
  };
}

/** How a reply looks on the channel. */
export function replyActivities(channel: Channel, replies: Rendered[], language: Lang): Partial<Activity>[] {
  if (channel === 'sms' || channel === 'whatsapp') return toText(channel, replies).map((text) => ({ type: 'message', text }));
  return replies.map((m) => webActivity(m, language));
}

export function webActivity(m: Rendered, language: Lang): Partial<Activity> {
  return {
    type: 'message',
    text: m.text,
    locale: language,
    ...(m.choices.length ? { suggestedActions: { to: [], actions: m.choices.map((c) => ({ type: 'imBack', title: c.label, value: c.label })) } } : {}),
    channelData: { key: m.key, progress: m.progress, ...(m.choices.length ? { answerBy: answerBy(m) } : {}) },
  };
}

/**
 * How the question is mostly answered, for a client placing the focus: by one of its buttons, or
 * in words when its buttons are only shortcuts ("Not sure", "None") beside a written answer.
 */
function answerBy(m: Rendered): 'choice' | 'words' {
  return m.choices.every((c) => c.value === 'unsure' || c.value === 'none') ? 'words' : 'choice';
}
