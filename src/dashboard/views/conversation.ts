/**
 * Talking with the family from the intake page: who holds the conversation (the assistant, this
 * attorney, a colleague), and the button to take it or hand it back. Forms only, no script.
 */
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import type { Hold } from '../../store/handoff-store';
import { authorOf, type TranscriptEntry } from '../../store/store';
import { formatTime } from '../format';
import { html } from '../html';
import { attorneyName, postButton } from './layout';

export interface ConversationCardData {
  t: FirmText;
  timeZone: string;
  attorney: Attorney;
  attorneys: Map<string, Attorney>;
  csrfToken: string;
  intakeId: string;
  hold: Hold | null;
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
    : postButton(action, v.csrfToken, t('conversation.hold'), { action: 'hold' });
  return html`<section class="card" id="conversation"><h2>${t('conversation.title')}</h2>
<p id="hold-state"${hold ? html` class="escalate"` : ''}>${state}</p>
${hold ? html`<p class="meta">${t('conversation.heldNote')}</p>` : html`<p class="meta">${t('conversation.holdNote')}</p>`}
<div class="actions">${button}</div>
</section>`;
}
