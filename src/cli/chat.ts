/**
 * `npm run chat`: talk to the intake in a terminal, the way a paralegal tries a wording change.
 *
 *   npm run chat -- --lang fr                 interactive, in French
 *   npm run chat -- --summary out.json < f    piped: one user message per line (the first one
 *                                             opens the conversation, as a text message does);
 *                                             the summary JSON is written at the end
 *   options: --web (web chat: its wording, and buttons instead of SMS text), --now ISO (a fixed clock)
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isLang } from '../../dialogs/context';
import { firmFromEnv } from '../config/firm';
import { IntakeEngine, type Turn } from '../engine/intake-engine';
import { toSms, toWeb } from '../i18n/render';

const USAGE = 'usage: npm run chat -- [--lang en|fr|es] [--summary FILE] [--web] [--now ISO-DATE]';

function options() {
  const { values } = parseArgs({
    options: {
      lang: { type: 'string' },
      summary: { type: 'string' },
      web: { type: 'boolean', default: false },
      now: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (values.lang !== undefined && !isLang(values.lang)) throw new Error(`--lang must be en, fr or es, not "${values.lang}"`);
  const fixed = values.now ? new Date(values.now) : null;
  if (fixed && Number.isNaN(fixed.getTime())) throw new Error(`--now must be a date such as 2026-11-28T02:00:00-05:00`);
  return { ...values, lang: values.lang as 'en' | 'fr' | 'es' | undefined, clock: () => fixed ?? new Date() };
}

async function main() {
  const o = options();
  const engine = new IntakeEngine(firmFromEnv());
  const interactive = process.stdin.isTTY === true;
  const show = (turn: Turn) => {
    const lines = o.web
      ? turn.messages.map((m) => {
          const w = toWeb(m);
          return w.text + (w.buttons.length ? '\n' + w.buttons.map((b) => `[${b}]`).join(' ') : '');
        })
      : toSms(turn.messages);
    for (const line of lines) process.stdout.write(line + '\n\n');
    for (const effect of turn.effects) process.stderr.write(`(${effect.type}${'reasons' in effect ? ': ' + effect.reasons.join(', ') : ''})\n`);
  };

  // --web is web chat's wording too (no carriers' rates, HELP or STOP): the conversation is one.
  let snapshot = engine.create({ channel: o.web ? 'webchat' : 'cli', at: o.clock(), language: o.lang ?? null });
  let turn: Turn | null = null;
  // At a keyboard the assistant speaks first, as in web chat; piped, the first line opens the
  // conversation, as a first text message does.
  if (interactive) {
    turn = engine.greet(snapshot, o.clock(), o.lang ?? null);
    snapshot = turn.snapshot;
    show(turn);
  }

  const rl = createInterface({ input: process.stdin, terminal: interactive });
  if (interactive) rl.setPrompt('> ');
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (!interactive) process.stdout.write(`> ${line}\n`);
    turn = engine.receive(snapshot, line, o.clock());
    snapshot = turn.snapshot;
    show(turn);
    if (interactive) rl.prompt();
  }

  if (o.summary) {
    if (!turn) throw new Error('no message was read, so there is no summary to write');
    const summary = engine.summary(turn.context, { now: o.clock(), transcriptId: `cli-${turn.context.intakeId}` });
    writeFileSync(o.summary, JSON.stringify(summary, null, 2) + '\n');
    process.stderr.write(`summary written to ${o.summary}\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`chat: ${err.message}\n${USAGE}\n`);
  process.exit(2);
});
