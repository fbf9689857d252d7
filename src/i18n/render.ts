/**
 * One message source, two renderings. The engine says what to say (a `say` key, a question to
 * ask, a re-prompt); this file turns it into wording from locales/ with its choices, then into an
 * SMS (laid out by segments, choices numbered), a WhatsApp message, or a web-chat message (text
 * and buttons).
 */
import { answerOf } from '../../dialogs/answers';
import type { Channel, IntakeContext, Lang } from '../../dialogs/context';
import { QUESTION_IDS, SECTIONS, isIncidentQuestion, questionDef, questionKeys, type QuestionId } from '../../dialogs/questions';
import { isReadBack, reviewItems } from '../../dialogs/review';
import type { Firm } from '../config/firm';
import type { Catalog } from './catalog';
import { formatAnswer, formatIncident } from './display';
import { officeHoursSentence } from './office-hours';
import { WHATSAPP_MAX, layoutSms, splitMessage } from './sms';

/** What the chart can wait for: a question, the review, or a story's read-back (confirmStory, borderNow). */
export type Ask = QuestionId | 'review' | 'confirmStory' | 'borderNow';

/** What the engine asks to be said. */
export type Outbound = { say: string } | { ask: Ask } | { reprompt: QuestionId; offerHuman: boolean; brief?: boolean };

export interface Choice {
  /** The number the user may reply with (0 for "none" in a list of several). */
  n: number;
  /** 'yes', an option id, 'unsure' or 'none'. */
  value: string;
  label: string;
}

export interface Rendered {
  /** The catalog key of the main text (for tests and the transcript). */
  key: string;
  text: string;
  choices: Choice[];
  /** Where the user is: "step 3 of 9" (none before consent or after the end). */
  progress: { step: number; of: number } | null;
}

/** Keys the renderer looks up by name (the rest follow from the questions and the chart). */
export const UI_KEYS = [
  'ui.yes',
  'ui.no',
  'ui.unsure',
  'ui.asap',
  'ui.none',
  'ui.progress',
  'ui.current',
  'ui.offerHuman',
  'ui.reviewIntro',
  'ui.reviewPrompt',
  'ui.incident',
  'ui.unknown',
  'ui.days',
  'ui.days_one',
  'ui.notAnswered',
  'ui.aboutIncident',
  'ui.reviewLine',
  'ui.withIncidents',
  'ui.confirm',
  'ui.storyIntro',
  'ui.storyPrompt',
  'ui.borderNow',
  'reprompt.noise',
] as const;

/**
 * What the chart says after an escalation, telling the family an attorney was alerted. Where no
 * person can be paged (src/handoff/reach.ts), each is worded `<key>_unpaged` instead: the firm's
 * number and hours (say.hours.*), never "alerted". The key reported stays the chart's.
 */
export const ALERTED_SAY_KEYS = ['emergency', 'urgentAlert', 'humanAlerted', 'onHold', 'next.urgent'] as const;
export const UNPAGED_SUFFIX = '_unpaged';
export const HOURS_KEYS = ['say.hours.known', 'say.hours.unknown'] as const;
const ALERTED = new Set<string>(ALERTED_SAY_KEYS);

export interface RendererOptions {
  /** An escalation pages a person (configuration, not a promise of this turn): only then is the family told someone was alerted. */
  pagesAPerson: boolean;
  /**
   * A message set aside is told to somebody at the firm (src/handoff/reach.ts): only then is the
   * family told a person will follow up. Absent: nobody is said to follow up.
   */
  setAsideReachesAPerson?: boolean;
  /**
   * The family's secure upload link for their intake, made fresh for each message that carries
   * it (src/documents/link.ts; the chart never sees it). Absent: no link can be given.
   */
  uploadUrl?: (intakeId: string, lang: Lang) => string;
}

/**
 * What the chart says that carries the family's upload link ({{uploadUrl}}). Before the family
 * accepted the notice there is no intake to send documents to, and where no link can be made,
 * each is worded `<key>_nolink` instead.
 */
export const LINK_SAY_KEYS = ['docsLink', 'mediaOnly'] as const;
export const NO_LINK_SUFFIX = '_nolink';
const LINKED = new Set<string>(LINK_SAY_KEYS);

const STEPS = SECTIONS.length - 1; // 'start' (language and notice) is not a step

/**
 * The two kinds of channel whose wording differs: text messages (SMS, WhatsApp, and the terminal
 * that shows them) carry the carriers' words (message and data rates, HELP, STOP); web chat and
 * Bot Framework never do. A catalog key worded per kind has `_sms` and `_web` variants.
 */
export type WordingKind = 'sms' | 'web';
export const WORDING_KINDS: readonly WordingKind[] = ['sms', 'web'];

export function wordingOf(channel: Channel): WordingKind {
  return channel === 'webchat' || channel === 'botframework' ? 'web' : 'sms';
}

export class Renderer {
  constructor(
    private readonly catalog: Catalog,
    private readonly firm: Firm,
    private readonly options: RendererOptions = { pagesAPerson: false },
  ) {}

  /** The office hours sentence, by language (the firm's hours do not change while it runs). */
  private readonly hours = new Map<Lang, string>();

  private hoursSentence(lang: Lang): string {
    let text = this.hours.get(lang);
    if (text === undefined) {
      text = officeHoursSentence((key, vars) => this.catalog.t(lang, key, vars), lang, this.firm);
      this.hours.set(lang, text);
    }
    return text;
  }

  /** The wording of `key` for the conversation's channel (the key itself unless worded per kind). */
  private t(lang: Lang, key: string, ctx: IntakeContext, vars: Record<string, unknown> = {}): string {
    return this.catalog.t(lang, this.catalog.forKind(key, wordingOf(ctx.channel)), {
      firmName: this.firm.name,
      firmPhone: this.firm.phone,
      reference: ctx.reference,
      ...vars,
    });
  }

  render(out: Outbound, ctx: IntakeContext): Rendered[] {
    const lang = ctx.language ?? 'en';
    if ('say' in out) {
      const key = `say.${out.say}`;
      // Told an attorney was alerted only if one can be paged; else the firm's number and hours.
      if (LINKED.has(out.say)) return [{ key, text: this.linked(key, ctx, lang), choices: [], progress: null }];
      const text =
        !this.options.pagesAPerson && ALERTED.has(out.say)
          ? this.t(lang, key + UNPAGED_SUFFIX, ctx, { firmHours: this.hoursSentence(lang) })
          : this.t(lang, key, ctx);
      return [{ key, text, choices: [], progress: null }];
    }
    if ('reprompt' in out) return out.brief ? this.briefly(out.reprompt, out.offerHuman, ctx, lang) : this.reprompt(out.reprompt, out.offerHuman, ctx, lang);
    if (out.ask === 'review') return this.review(ctx, lang);
    if (out.ask === 'confirmStory') return this.storyReadBack(ctx, lang);
    if (out.ask === 'borderNow')
      return [{ key: 'ui.borderNow', text: this.t(lang, 'ui.borderNow', ctx), choices: this.choices('borderNow', lang), progress: null }];
    return this.question(out.ask, ctx, lang);
  }

  /** A message with the family's upload link, once they accepted the notice; else its words without one. */
  private linked(key: string, ctx: IntakeContext, lang: Lang): string {
    const link = this.options.uploadUrl;
    if (!link || !ctx.consent || ctx.status === 'declined') return this.t(lang, key + NO_LINK_SUFFIX, ctx);
    return this.t(lang, key, ctx, { uploadUrl: link(ctx.intakeId, lang) });
  }

  /** The choices shown with a question, numbered as the user may answer. */
  choices(q: Ask, lang: Lang): Choice[] {
    // At the review, web chat gets a button to send; SMS says "Reply OK" in words.
    if (q === 'review') return [{ n: 0, value: 'confirm', label: this.catalog.t(lang, 'ui.confirm') }];
    if (q === 'confirmStory' || q === 'borderNow') {
      return [
        { n: 1, value: 'yes', label: this.catalog.t(lang, 'ui.yes') },
        { n: 2, value: 'no', label: this.catalog.t(lang, 'ui.no') },
      ];
    }
    const def = questionDef(q);
    const list: Choice[] = [];
    const add = (value: string, label: string) => list.push({ n: list.length + 1, value, label });
    if (def.kind === 'yesno') {
      add('yes', this.catalog.t(lang, 'ui.yes'));
      add('no', this.catalog.t(lang, 'ui.no'));
    }
    for (const option of def.options ?? []) add(option, this.catalog.t(lang, questionKeys(q).option(option)));
    // Where any text is an answer, "not sure" and "none" need no number: they are words.
    const numbered = def.kind === 'yesno' || def.kind === 'choice' || def.kind === 'choiceOrText';
    if (def.unsure && numbered) add('unsure', this.catalog.t(lang, 'ui.unsure'));
    if (def.kind === 'multi') list.push({ n: 0, value: 'none', label: this.catalog.t(lang, 'ui.none') });
    if (!numbered && def.kind !== 'multi') {
      if (def.unsure) list.push({ n: 0, value: 'unsure', label: this.catalog.t(lang, 'ui.unsure') });
      if (def.optional) list.push({ n: 0, value: 'none', label: this.catalog.t(lang, 'ui.none') });
    }
    return list;
  }

  private progress(q: QuestionId | 'review') {
    const section = q === 'review' ? 'review' : questionDef(q).section;
    const step = SECTIONS.indexOf(section);
    return step > 0 ? { step, of: STEPS } : null;
  }

  private question(q: QuestionId, ctx: IntakeContext, lang: Lang): Rendered[] {
    const out: Rendered[] = [];
    const progress = this.progress(q);
    const keys = questionKeys(q);
    if (this.catalog.has(lang, this.catalog.forKind(keys.intro, wordingOf(ctx.channel)))) {
      out.push({ key: keys.intro, text: this.t(lang, keys.intro, ctx), choices: [], progress });
    }
    let text = this.t(lang, keys.prompt, ctx);
    // A story told up front may have named the charge: say which incident the question is about.
    const charge = isIncidentQuestion(q) && q !== 'incidentCharge' ? answerOf(ctx, 'incidentCharge') : undefined;
    if (charge && 'value' in charge) text = this.t(lang, 'ui.aboutIncident', ctx, { charge: charge.value }) + ' ' + text;
    // Asked again (BACK, a correction): show what we have, so they can see what to change.
    if (ctx.reopen === q && answerOf(ctx, q)) {
      text += '\n' + this.t(lang, 'ui.current', ctx, { answer: formatAnswer(this.catalog, lang, q, answerOf(ctx, q)) });
    }
    out.push({ key: keys.prompt, text, choices: this.choices(q, lang), progress });
    return out;
  }

  private reprompt(q: QuestionId, offerHuman: boolean, ctx: IntakeContext, lang: Lang): Rendered[] {
    const kind = questionDef(q).kind;
    const own = questionKeys(q).reprompt;
    const key = this.catalog.has(lang, this.catalog.forKind(own, wordingOf(ctx.channel))) ? own : `reprompt.${kind}`;
    let text = this.t(lang, key, ctx);
    if (offerHuman) text += ' ' + this.t(lang, 'ui.offerHuman', ctx);
    return [{ key, text, choices: this.choices(q, lang), progress: this.progress(q) }];
  }

  /**
   * What was understood from a story told up front, read back in the family's words for each
   * fact (the review's labels and values), before any of it is used.
   */
  private storyReadBack(ctx: IntakeContext, lang: Lang): Rendered[] {
    const facts = ctx.opener?.facts ?? { answers: {}, incidents: [] };
    const questions = (Object.keys(facts.answers) as QuestionId[]).filter((q) => isReadBack(q));
    if (facts.incidents.length && !questions.includes('criminal')) questions.push('criminal');
    const lines = QUESTION_IDS.filter((q) => questions.includes(q)).map((q) => {
      let value = facts.answers[q] ? formatAnswer(this.catalog, lang, q, facts.answers[q]) : this.t(lang, 'ui.yes', ctx);
      if (q === 'criminal' && facts.incidents.length) {
        const incidents = facts.incidents.map((i) => formatIncident(this.catalog, lang, i)).join('; ');
        value = this.t(lang, 'ui.withIncidents', ctx, { answer: value, incidents });
      }
      return `- ${this.t(lang, questionKeys(q).label, ctx)}: ${value}`;
    });
    return [
      { key: 'ui.storyIntro', text: [this.t(lang, 'ui.storyIntro', ctx), ...lines].join('\n'), choices: [], progress: null },
      { key: 'ui.storyPrompt', text: this.t(lang, 'ui.storyPrompt', ctx), choices: this.choices('confirmStory', lang), progress: null },
    ];
  }

  /** After noise: one short line, then the question itself again (its prompt and choices, no notice before it). */
  private briefly(q: QuestionId, offerHuman: boolean, ctx: IntakeContext, lang: Lang): Rendered[] {
    let text = `${this.t(lang, 'reprompt.noise', ctx)} ${this.t(lang, questionKeys(q).prompt, ctx)}`;
    if (offerHuman) text += ' ' + this.t(lang, 'ui.offerHuman', ctx);
    return [{ key: 'reprompt.noise', text, choices: this.choices(q, lang), progress: this.progress(q) }];
  }

  private review(ctx: IntakeContext, lang: Lang): Rendered[] {
    const lines = reviewItems(ctx).map(({ n, question }) => {
      let value = formatAnswer(this.catalog, lang, question, answerOf(ctx, question));
      if (question === 'criminal' && ctx.incidents.length) {
        const incidents = ctx.incidents.map((i) => formatIncident(this.catalog, lang, i)).join('; ');
        value = this.t(lang, 'ui.withIncidents', ctx, { answer: value, incidents });
      }
      return this.t(lang, 'ui.reviewLine', ctx, { n, label: this.t(lang, questionKeys(question).label, ctx), value });
    });
    const progress = this.progress('review');
    return [
      { key: 'ui.reviewIntro', text: [this.t(lang, 'ui.reviewIntro', ctx), ...lines].join('\n'), choices: [], progress },
      { key: 'ui.reviewPrompt', text: this.t(lang, 'ui.reviewPrompt', ctx), choices: this.choices('review', lang), progress },
    ];
  }
}

/**
 * Between choices listed on one line ("1 Yes, 2 No, 3 Not sure"): a comma, which GSM-7 has (a
 * middle dot would send the message in UCS-2, at 70 characters a segment instead of 160).
 */
const INLINE_SEPARATOR = ', ';

/** A message's text with its choices numbered: on its line when they are few and short, else one a line. */
function withChoices(m: Rendered): { text: string; choices: string } {
  const numbered = m.choices.filter((c) => c.n > 0);
  const zero = m.choices.find((c) => c.n === 0 && m.choices.some((o) => o.n > 0));
  let choices = '';
  if (numbered.length && numbered.length <= 3 && numbered.every((c) => c.label.length <= 12)) {
    choices = numbered.map((c) => `${c.n} ${c.label}`).join(INLINE_SEPARATOR);
  } else if (numbered.length) {
    choices = [...numbered, ...(zero ? [zero] : [])].map((c) => `${c.n} ${c.label}`).join('\n');
  }
  return { text: m.text, choices };
}

/**
 * SMS: a turn's messages laid out to cost the fewest segments (src/i18n/sms.ts): joined when that
 * is cheaper, cut between words where segments end, typographic punctuation made plain.
 */
export function toSms(messages: Rendered[]): string[] {
  return layoutSms(
    messages.map((m) => {
      const { text, choices } = withChoices(m);
      return choices ? `${text}\n${choices}` : text;
    }),
  );
}

/** WhatsApp (no segments): each message at most 320 characters, choices numbered inline. */
export function toWhatsApp(messages: Rendered[]): string[] {
  return messages.flatMap((m) => {
    const { text, choices } = withChoices(m);
    if (!choices) return splitMessage(text);
    const whole = `${text}\n${choices}`;
    if (whole.length <= WHATSAPP_MAX) return [whole];
    // Too long together: the text first, the choices in a message of their own.
    return [...splitMessage(text), ...splitMessage(choices)];
  });
}

/** What a text-message channel sends for a turn. */
export function toText(channel: 'sms' | 'whatsapp', messages: Rendered[]): string[] {
  return channel === 'whatsapp' ? toWhatsApp(messages) : toSms(messages);
}

/** Web chat: the text, and the choices as buttons whose label is what a click sends. */
export function toWeb(m: Rendered): { text: string; buttons: string[]; progress: Rendered['progress'] } {
  return { text: m.text, buttons: m.choices.map((c) => c.label), progress: m.progress };
}
