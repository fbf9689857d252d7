/**
 * The evaluation's figures: exact answers (overall, per question, per language), the confusions,
 * and the three counts that must be zero (false escalations, invented values, missed danger).
 */
import type { AnswerItem, Half, OpenerItem } from './items';
import { loadHalf } from './items';
import { CorpusScorer, type ItemResult } from './score';

export interface Figures {
  half: Half;
  answers: { n: number; exact: number; unpositioned: number };
  openers: { n: number; exact: number };
  falseEscalations: number;
  invented: number;
  missedDanger: number;
  byQuestion: Array<{ q: string; n: number; exact: number }>;
  byLanguage: Array<{ lang: string; n: number; exact: number }>;
  confusions: Array<{ expected: string; got: string; n: number }>;
  /** What went wrong, by kind and with no value or text in it (so the frozen half can show it too). */
  problems: Array<{ kind: string; n: number }>;
  failures: Array<ItemResult & { text: string }>;
}

export const rate = (exact: number, n: number) => (n === 0 ? 1 : exact / n);

export function evaluate(half: Half, filter: { q?: string; lang?: string; id?: string } = {}): Figures {
  const { answers, openers } = loadHalf(half);
  const scorer = new CorpusScorer();
  const idPattern = filter.id ? new RegExp(filter.id) : null;
  const keep = (i: { id: string; lang: string; q?: string }) =>
    (!idPattern || idPattern.test(i.id)) &&
    (!filter.lang || i.lang === filter.lang) &&
    (!filter.q || i.q === filter.q || (filter.q === 'opener' && i.q === undefined));
  const answerItems = answers.filter((a) => keep(a) && filter.q !== 'opener');
  const openerItems = openers.filter(
    (o) => (!idPattern || idPattern.test(o.id)) && (!filter.lang || o.lang === filter.lang) && (!filter.q || filter.q === 'opener'),
  );
  const text = new Map<string, string>([...answerItems, ...openerItems].map((i) => [i.id, i.text]));
  const results: ItemResult[] = [];
  for (const item of answerItems) results.push(safely(item, () => scorer.answer(item)));
  for (const item of openerItems) results.push(safely(item, () => scorer.opener(item)));
  const answerResults = results.filter((r) => r.q !== 'opener');
  const openerResults = results.filter((r) => r.q === 'opener');
  const group = <K extends 'q' | 'lang'>(key: K) => {
    const m = new Map<string, { n: number; exact: number }>();
    for (const r of answerResults.filter((r) => !r.unpositioned)) {
      const g = m.get(r[key]) ?? { n: 0, exact: 0 };
      g.n++;
      if (r.exact) g.exact++;
      m.set(r[key], g);
    }
    return [...m.entries()].map(([k, v]) => ({ [key]: k, ...v }) as { [P in K]: string } & { n: number; exact: number });
  };
  const confusions = new Map<string, number>();
  for (const r of results.filter((r) => !r.exact && !r.unpositioned)) {
    const k = `${r.expected}\u0000${r.got}`;
    confusions.set(k, (confusions.get(k) ?? 0) + 1);
  }
  const positioned = answerResults.filter((r) => !r.unpositioned);
  const problems = new Map<string, number>();
  for (const r of results.filter((r) => !r.exact && !r.unpositioned))
    for (const p of r.problems) problems.set(problemKind(p, r), (problems.get(problemKind(p, r)) ?? 0) + 1);
  return {
    half,
    answers: { n: positioned.length, exact: positioned.filter((r) => r.exact).length, unpositioned: answerResults.length - positioned.length },
    openers: { n: openerResults.length, exact: openerResults.filter((r) => r.exact).length },
    falseEscalations: results.reduce((s, r) => s + r.falseEscalations.length, 0),
    invented: results.reduce((s, r) => s + r.invented.length, 0),
    missedDanger: results.filter((r) => r.missedDanger).length,
    byQuestion: group('q').sort((a, b) => rate(a.exact, a.n) - rate(b.exact, b.n)),
    byLanguage: group('lang'),
    confusions: [...confusions.entries()].map(([k, n]) => ({ expected: k.split('\u0000')[0], got: k.split('\u0000')[1], n })).sort((a, b) => b.n - a.n),
    problems: [...problems.entries()].map(([kind, n]) => ({ kind, n })).sort((a, b) => b.n - a.n),
    failures: results.filter((r) => !r.exact).map((r) => ({ ...r, text: text.get(r.id) ?? '' })),
  };
}

/**
 * A problem as a kind, with the values and words taken out: "main answer: value -> nothing",
 * "also relation: value -> nothing", "details not kept", "false escalation: at_border".
 */
export function problemKind(p: string, r: Pick<ItemResult, 'q'>): string {
  let m: RegExpMatchArray | null;
  const where = (q: string) => (q === r.q ? 'main answer' : `also ${q}`);
  if ((m = p.match(/^(\w+): details /))) return `${where(m[1])}: details not kept`;
  if ((m = p.match(/^(false|missed) escalation: (\w+)/))) return `${m[1]} escalation: ${m[2]}`;
  if (/^\w+: expected it asked again, but recorded/.test(p)) return 'main answer: recorded where it is asked again';
  if (/^\w+: expected it asked again, now asking/.test(p)) return 'main answer: moved on where it is asked again';
  if ((m = p.match(/^(\w+): expected (not sure|none|as soon as possible|.*?), got (.*)$/))) {
    const expected = m[2] === 'not sure' ? 'unsure' : m[2] === 'none' ? 'none' : m[2].startsWith('as soon') ? 'asap' : 'value';
    const got =
      m[3] === 'nothing'
        ? 'nothing'
        : m[3].startsWith('{"unsure"')
          ? 'unsure'
          : m[3].startsWith('{"none"')
            ? 'none'
            : m[3].startsWith('{"value"')
              ? 'a value'
              : 'another value';
    return `${where(m[1])}: ${expected} -> ${got}`;
  }
  if ((m = p.match(/^must not have (\w+)/))) return `must not have ${m[1]}`;
  if (p.startsWith('invented')) return 'invented';
  return p.replace(/[:"{].*$/, '').trim();
}

/** An item whose run throws is a failure of that item, with the error's name: the rest still runs. */
function safely(item: AnswerItem | OpenerItem, run: () => ItemResult): ItemResult {
  try {
    return run();
  } catch (err) {
    return {
      id: item.id,
      q: 'q' in item ? item.q : 'opener',
      lang: item.lang,
      exact: false,
      problems: [`threw ${(err as Error).name}: ${(err as Error).message.slice(0, 120)}`],
      expected: '?',
      got: 'error',
      falseEscalations: [],
      invented: [],
      missedDanger: 'danger' in item && !!item.danger,
    };
  }
}

const pct = (exact: number, n: number) => `${(100 * rate(exact, n)).toFixed(1)}%`;

export function formatFigures(f: Figures, o: { failures?: number } = {}): string {
  const lines: string[] = [];
  lines.push(`== ${f.half} half: ${f.answers.n} answers, ${f.openers.n} openers`);
  lines.push(
    `answers exact:     ${f.answers.exact} / ${f.answers.n} (${pct(f.answers.exact, f.answers.n)})${f.answers.unpositioned ? `   [${f.answers.unpositioned} could not be positioned: a harness problem]` : ''}`,
  );
  lines.push(`openers exact:     ${f.openers.exact} / ${f.openers.n} (${pct(f.openers.exact, f.openers.n)})`);
  lines.push(`false escalations: ${f.falseEscalations}`);
  lines.push(`invented values:   ${f.invented}`);
  lines.push(`missed danger:     ${f.missedDanger}`);
  lines.push('', 'by language:');
  for (const l of f.byLanguage) lines.push(`  ${l.lang}  ${pct(l.exact, l.n).padStart(6)}  (${l.exact}/${l.n})`);
  lines.push('', 'by question (worst first):');
  for (const q of f.byQuestion) lines.push(`  ${q.q.padEnd(26)} ${pct(q.exact, q.n).padStart(6)}  (${q.exact}/${q.n})`);
  if (f.confusions.length) {
    lines.push('', 'confusions (expected -> got):');
    for (const c of f.confusions.slice(0, 25)) lines.push(`  ${c.expected.padEnd(16)} -> ${c.got.padEnd(16)} ${c.n}`);
  }
  if (f.problems.length) {
    lines.push('', 'what went wrong (kinds, no values):');
    for (const p of f.problems.slice(0, 25)) lines.push(`  ${String(p.n).padStart(5)}  ${p.kind}`);
  }
  const show = o.failures ?? 0;
  if (show > 0 && f.failures.length) {
    lines.push('', `failures (first ${Math.min(show, f.failures.length)} of ${f.failures.length}):`);
    for (const r of f.failures.slice(0, show))
      lines.push(
        `  ${r.id}  ${JSON.stringify(r.text.slice(0, 100))}`,
        ...r.problems.map((p) => `      ${p}`),
        ...(r.unpositioned ? [`      ${r.unpositioned}`] : []),
      );
  }
  return lines.join('\n');
}
