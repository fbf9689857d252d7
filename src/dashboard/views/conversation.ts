/**
 * Talking with the family from the intake page: who holds the conversation (the assistant, this
 * attorney, a colleague), the button to take it or hand it back, the box to write to the family,
 * and what became of each text sent to them (Twilio's status callbacks). Forms only.
 */
import type { Channel } from '../../../dialogs/context';
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import type { Hold, SentSms } from '../../store/handoff-store';
import { authorOf, type TranscriptEntry } from '../../store/store';
import { MAX_ATTORNEY_TEXT } from '../../conversation/takeover';
import { formatTime } from '../format';
import { html } from '../html';
import { attorneyName, postButton } from './layout';

/** What the page needs to offer writing to the family. */
export interface TalkData {
  texts: SentSms[];
  /** The family sent STOP: nobody may write to them. */
  optedOut: boolean;
  /** The conversation's channel, or null when none is kept. */
  channel: Channel | null;
  /** What the attorney wrote, kept when it could not go. */
  draft: string;
}

export interface ConversationCardData {
  t: FirmText;
  timeZone: string;
  attorney: Attorney;
  attorneys: Map<string, Attorney>;
  csrfToken: string;
  intakeId: string;
  hold: Hold | null;
  talk: TalkData | null;
}

/** An account id (or "token:NAME") as a name to read. */
export function nameOf(v: Pick<ConversationCardData, 't' | 'attorney' | 'attorneys'>, id: string): string {
  if (id === v.attorney.id) return attorneyName(v.attorney);
  const a = v.attorneys.get(id);
  return a ? attorneyName(a) : id;
}

/** Who wrote a transcript entry, in words: the family, the assistant, or the attorney by name. */
export function authorLabel(v: Pick<ConversationCardData, 't' | 'attorney' | 'attorneys'>, e: TranscriptEntry): string {
  const who = authorOf(e);
  if (who.kind === 'attorney') return v.t('conversation.fromAttorney', { who: nameOf(v, who.id) });
  return v.t(`intake.from.${e.direction}`);
}

/** Beside an attorney's message sent as a text: where it is (sent, delivered, failed). */
export function textStateOf(v: { t: FirmText; talk?: TalkData | null }, e: TranscriptEntry) {
  if (authorOf(e).kind !== 'attorney') return '';
  const text = v.talk?.texts.find((s) => s.messageId === e.messageId);
  if (!text) return '';
  return html` · <span class="text-state ${text.state}">${v.t(`conversation.state.${text.state}`)}</span>`;
}

function composeBox(v: ConversationCardData) {
  const { t, talk } = v;
  if (!talk?.channel) return html`<p class="meta">${t('conversation.noConversation')}</p>`;
  if (talk.channel !== 'sms' && talk.channel !== 'whatsapp' && talk.channel !== 'webchat') return html`<p class="meta">${t('conversation.cannotWrite')}</p>`;
  if (talk.optedOut) {
    // What the attorney had written stays on the page (to copy for a call), but cannot be sent.
    return html`<p class="escalate" id="opted-out">${t('conversation.optedOut')}</p>${talk.draft ? html`<textarea id="message" rows="4" readonly>${talk.draft}</textarea>` : ''}`;
  }
  // Another attorney's conversation: theirs to write in until handed back.
  if (v.hold && v.hold.by !== v.attorney.id) return '';
  return html`<form method="post" action="/intakes/${encodeURIComponent(v.intakeId)}/messages" id="compose">
<input type="hidden" name="csrf" value="${v.csrfToken}">
<label for="message">${t('conversation.compose', { channel: t(`conversation.channel.${talk.channel}`) })}</label>
<textarea id="message" name="text" rows="4" maxlength="${MAX_ATTORNEY_TEXT}" required>${talk.draft}</textarea>
<p class="meta">${v.hold ? t('conversation.composeNote') : t('conversation.composeTakes')}</p>
<button type="submit">${t('conversation.send')}</button>
</form>`;
}

/** The texts sent and their states (the live script replaces it as their states change). */
export function textsList(v: Pick<ConversationCardData, 't' | 'talk' | 'timeZone'>) {
  const { t } = v;
  const texts = v.talk?.texts ?? [];
  if (!texts.length) return '';
  return html`<h3>${t('conversation.texts')}</h3><ul id="texts">${texts.map(
    (s) =>
      html`<li data-state="${s.state}">${t(`conversation.kind.${s.kind}`)} · <span class="text-state ${s.state}">${t(`conversation.state.${s.state}`)}</span> · ${formatTime(s.updatedAt, v.timeZone)}${
        s.errorCode ? html` · ${t('intake.deliveryError', { code: s.errorCode })}` : ''
      }</li>`,
  )}</ul>`;
}

export function conversationCard(v: ConversationCardData) {
  const { t, hold } = v;
  const action = `/intakes/${encodeURIComponent(v.intakeId)}/conversation`;
  const mine = hold?.by === v.attorney.id;
  const state = !hold
    ? t('conversation.withAssistant')
    : mine
      ? t('conversation.heldByYou', { at: formatTime(hold.at, v.timeZone) })
      : t('conversation.heldBy', { who: nameOf(v, hold.by), at: formatTime(hold.at, v.timeZone) });
  const button = hold
    ? postButton(action, v.csrfToken, t('conversation.handBack'), { action: 'handback', heldBy: hold.by }, mine ? '' : 'secondary')
    : postButton(action, v.csrfToken, t('conversation.hold'), { action: 'hold' }, 'secondary');
  return html`<section class="card" id="conversation"><h2>${t('conversation.title')}</h2>
<p id="hold-state"${hold ? html` class="escalate"` : ''}>${state}</p>
${hold ? html`<p class="meta">${t('conversation.heldNote')}</p>` : html`<p class="meta">${t('conversation.holdNote')}</p>`}
${composeBox(v)}
<div class="actions">${button}</div>
<div id="texts-box">${textsList(v)}</div>
</section>`;
}
