/**
 * The intake PDF, read back with a real PDF parser (pdf-parse): the facts an attorney files are in it (the
 * reference, the tier, the traveler, each incident, the evidence checklist, the consent record),
 * the family's words come through intact in any script, long content flows onto further pages
 * without being lost, a section heading never ends a page, and the firm's times are local. What it
 * prints of the family's words is bounded, so a huge answer cannot hold the server for seconds.
 */
import fs from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Firm } from '../src/config/firm';
import { renderIntakePdf, type IntakePdfInput } from '../src/pdf/intake-pdf';
import { chooseFonts, fitsWinAnsi, winAnsiSafe } from '../src/pdf/fonts';
import { fontRuns } from '../src/pdf/font-runs';
import { PDF_BOUNDS, boundSummary, breakLongRuns } from '../src/pdf/bounds';
import { localesDir, projectRoot } from '../src/paths';
import { NEW_HANDLING, type EscalationRecord, type Handling } from '../src/store/handoff-store';
import type { Summary } from '../src/summary/contract';
import { converse } from './support/converse';
import { pdfText } from './support/pdf-text';
import { REFERENCE } from './scripts.reference';

const FIRM: Firm = { name: 'Border Immigration Law', phone: '+17165550100', timeZone: 'America/New_York' };
const GENERATED = new Date('2026-11-28T15:00:00Z');

interface Read {
  total: number;
  text: string;
  pages: string[];
  /** The text with every run of white space made one space: wrapped lines read as one. */
  flat: string;
}

async function render(input: Partial<IntakePdfInput> & { summary: Summary }): Promise<{ pdf: Buffer; read: Read }> {
  const pdf = await renderIntakePdf({ handling: NEW_HANDLING, escalations: [], firm: FIRM, generatedAt: GENERATED, generatedBy: 'ana@firm.example', ...input });
  const result = await pdfText(pdf);
  return { pdf, read: { ...result, flat: result.text.replace(/\s+/g, ' ') } };
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

const claimed: Handling = {
  ...NEW_HANDLING,
  status: 'claimed',
  claimedBy: 'att-ana',
  claimedAt: '2026-11-28T14:00:00.000Z',
  updatedAt: '2026-11-28T14:00:00.000Z',
  updatedBy: 'att-ana',
};

describe('the intake PDF', () => {
  const english = converse(REFERENCE.en).summary;
  const french = converse(REFERENCE.fr).summary;

  it('is a PDF of one to three pages with every fact of a complete intake', async () => {
    const { pdf, read } = await render({ summary: english, handling: claimed, attorneyNames: { 'att-ana': 'Ana Ruiz' } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(read.total).toBeGreaterThanOrEqual(1);
    expect(read.total).toBeLessThanOrEqual(3);
    const text = read.flat;
    // The firm, the confidentiality line, the reference, the tier with its meaning.
    expect(text).toContain(FIRM.name);
    // The firm's number as configured (E.164), grouped for reading.
    expect(FIRM.phone).toMatch(/^\+\d+$/);
    expect(text).toContain('+1 716 555 0100');
    expect(text).toContain('Confidential — attorney work product / prospective client intake');
    expect(text).toContain(english.reference);
    expect(english.triage.tier).toBe('U2');
    expect(text).toContain('U2 — needed in 3 to 14 days: next business day');
    // Handling: claimed, at 9:00 in Buffalo (14:00 UTC).
    expect(text).toMatch(/Status Claimed/);
    expect(text).toContain('Claimed by Ana Ruiz');
    expect(text).toContain('Last change Nov 28, 2026, 9:00 AM EST by Ana Ruiz');
    expect(text).toContain('Nov 28, 2026, 9:00 AM EST');
    // The traveler and the request.
    for (const fact of [
      'Marc Tremblay',
      'Citizenship Canada Where now',
      'Country Canada City',
      'City Fort Erie Province or state Ontario',
      'Peace Bridge (Buffalo, NY)',
      'Needed by Dec 10, 2026 ',
      '90 days',
      'Roswell Park Cancer Center, Buffalo',
      'Phone +1 716 555 0199 ',
      'marc@example.com',
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).toContain('“He has leukemia and needs a bone marrow transplant”');
    // The incidents, one row each: date, place, charge, outcome, sentence.
    expect(english.history.incidents).toHaveLength(2);
    expect(text).toMatch(/1 2004 Hamilton, Ontario theft under \$5000 Convicted one year probation/);
    expect(text).toMatch(/2 Mar 2009 Toronto assault Convicted 30 days in jail/);
    expect(text).toContain('Refusals “Refused at the Peace Bridge in 2015, they gave me a paper”');
    // The screening answers.
    expect(text).toContain('Arrests, charges or convictions Yes');
    expect(text).toContain('Prior refusals of entry Yes');
    // Documents, the evidence checklist (every item), the consent record, nothing missing.
    expect(text).toContain("Passport, doctor's letter, police check");
    for (const item of english.evidenceChecklist) expect(text).toContain(item);
    expect(text).toContain(`Privacy notice version ${english.consent!.noticeVersion}`);
    expect(text).toContain('Accepted Nov 28, 2026, 2:02 AM EST');
    expect(text).toContain('Nothing missing.');
    // Every page: page X of Y, who made it and when (10:00 in Buffalo).
    read.pages.forEach((page, i) => {
      expect(flat(page)).toContain(`Page ${i + 1} of ${read.total}`);
      expect(flat(page)).toContain('Generated by ana@firm.example on Nov 28, 2026, 10:00 AM EST');
    });
  });

  it("keeps a French family's words intact, accents and all", async () => {
    const { read } = await render({ summary: french });
    expect(read.total).toBeGreaterThanOrEqual(1);
    expect(read.total).toBeLessThanOrEqual(3);
    const text = read.flat;
    expect(text).toContain(french.reference);
    expect(text).toContain('SMS · French ');
    expect(text).toContain("“Il a une leucémie et a besoin d'une greffe de moelle osseuse”");
    expect(text).toContain('“La RAMQ et nos économies”');
    expect(text).toContain('“le soir”');
    expect(text).toMatch(/2004 Hamilton, Ontario vol de moins de 5000 \$ Convicted un an de probation/);
    expect(text).toMatch(/Mar 2009 Toronto voies de fait Convicted 30 jours de prison/);
    expect(text).toContain("“Refusé au pont de la Paix en 2015, on m'a donné un papier”");
    for (const item of french.evidenceChecklist) expect(text).toContain(item);
    expect(text).toContain(`Privacy notice version ${french.consent!.noticeVersion}`);
  });

  it('flows a long intake over more pages without losing a word, and never ends a page on a heading', async () => {
    const story =
      "Mon fils Théo a sept ans. Il a été diagnostiqué d'une leucémie aiguë lymphoblastique en août, à l'hôpital " +
      "Sainte-Justine de Montréal. Après deux cycles de chimiothérapie, l'équipe nous a dit qu'une greffe de moelle est la seule option. ";
    const incidents = Array.from({ length: 16 }, (_, i) => ({
      date: `${1995 + i}`,
      place: `Ville-${i}, Québec`,
      charge: i % 2 ? `conduite avec facultés affaiblies n° ${i}` : `vol à l’étalage n° ${i} au dépanneur du coin de la rue Saint-Denis`,
      outcome: 'convicted' as const,
      sentence: `amende ${i}`,
    }));
    const long: Summary = {
      ...french,
      request: { ...french.request, narrative: `${story.repeat(30)}FIN.` },
      history: { ...french.history, incidents },
      otherParties: ['Hélène Côté', 'François Lefèbvre'],
    };
    const escalations: EscalationRecord[] = [
      {
        id: 'esc-1',
        intakeId: long.intakeId,
        reference: long.reference,
        tier: 'U1',
        reasons: ['needed_within_72h', 'prior_removal'],
        createdAt: '2026-11-28T07:30:00.000Z',
        level: 'backup',
        reescalateAt: null,
        acknowledgedAt: '2026-11-28T08:02:00.000Z',
        acknowledgedBy: 'sms:backup',
      },
    ];
    const { read } = await render({ summary: long, escalations });
    expect(read.total).toBeGreaterThan(2);
    const text = read.flat;
    // The whole story, word for word, across the page break(s).
    const pageFurniture = /(Generated by .*? Page \d+ of \d+|Border Immigration Law · \S+ · Confidential) ?/g;
    // (A line may break after a hyphen: "Sainte-" ends one line, "Justine" starts the next.)
    const story_ = flat(read.pages.join(' ')).replace(pageFurniture, '').replace(/- /g, '-');
    expect(story_).toContain(flat(long.request.narrative!));
    // It is long enough to need two pages, so it was split, not moved or cut.
    const storyPages = read.pages.filter((p) => flat(p).includes('Mon fils Théo a sept ans.'));
    expect(storyPages.length).toBeGreaterThan(1);
    for (const [i, incident] of incidents.entries()) {
      expect(text).toContain(`${i + 1} ${incident.date} ${incident.place}`);
      expect(text).toContain(incident.sentence);
    }
    expect(text).toContain('Hélène Côté; François Lefèbvre');
    expect(text).toMatch(
      /Nov 28, 2026, 2:30 AM EST Backup attorney Needed within 72 hours, prior removal or deportation The backup attorney, by text reply Nov 28, 2026, 3:02 AM EST/,
    );
    // Each page but the first repeats the firm and the reference; a page's content never ends on a heading.
    const headings = Object.values((JSON.parse(readFileSync(join(localesDir(), 'en', 'pdf.json'), 'utf8')) as { sections: Record<string, string> }).sections);
    read.pages.forEach((page, i) => {
      const lines = page
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (i > 0) expect(page).toContain(`Border Immigration Law · ${long.reference} · Confidential`);
      const content = lines.filter((l) => !/^Generated by /.test(l) && !/· Confidential$/.test(l));
      const last = content[content.length - 1];
      expect(headings.map((h) => h.toUpperCase()).concat(headings)).not.toContain(last);
    });
    // The incident table's header is repeated on the page it continues on.
    const withTable = read.pages.filter((p) => /# Date Place Charge Outcome Sentence/.test(flat(p)));
    expect(withTable.length).toBeGreaterThan(1);
  });

  it('lays out an answer longer than a page, in a row or in the table, without cutting it', async () => {
    const charge = Array.from({ length: 160 }, (_, i) => `mot${i} d'une très longue description`).join(' ');
    const condition = Array.from({ length: 200 }, (_, i) => `condition${i} détail`).join(' ');
    const s: Summary = {
      ...french,
      request: { ...french.request, details: { ...french.request.details, condition } },
      history: { ...french.history, incidents: [...french.history.incidents, { date: '2011', place: 'Laval', charge, outcome: 'pending', sentence: null }] },
    };
    const { read } = await render({ summary: s });
    const pageFurniture = /(Generated by .*? Page \d+ of \d+|Border Immigration Law · \S+ · Confidential) ?/g;
    const text = flat(read.pages.join(' ')).replace(pageFurniture, '');
    expect(text).toContain(`“${condition}”`);
    expect(text).toContain(charge);
    // The rows before it stay in the table.
    expect(text).toMatch(/2 Mar 2009 Toronto voies de fait Convicted 30 jours de prison/);
  });

  it('never leaves a heading, a sub-heading or a table header alone at the foot of a page', async () => {
    const labels = JSON.parse(readFileSync(join(localesDir(), 'en', 'pdf.json'), 'utf8')) as {
      sections: Record<string, string>;
      missing: Record<string, string>;
    };
    const lonely = new Set([...Object.values(labels.sections).flatMap((h) => [h, h.toUpperCase()]), labels.missing.missing, labels.missing.unsure]);
    const tableHeader = /^(# Date Place Charge Outcome Sentence|Question Answer Question Answer|Raised Paged Reasons)/;
    // Ever more incidents push every later section across the page boundary in turn.
    for (let n = 0; n <= 24; n += 2) {
      const incidents = Array.from({ length: n }, (_, i) => ({
        date: `${1990 + i}`,
        place: 'Hamilton, Ontario',
        charge: 'theft under $5000',
        outcome: 'convicted' as const,
        sentence: 'probation',
      }));
      const { read } = await render({ summary: { ...english, history: { ...english.history, incidents } } });
      read.pages.forEach((page, i) => {
        const content = page
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !/^Generated by /.test(l) && !/· Confidential$/.test(l));
        const last = content[content.length - 1];
        if (i < read.total - 1) {
          expect([n, i, lonely.has(last)]).toEqual([n, i, false]);
          expect([n, i, tableHeader.test(last)]).toEqual([n, i, false]);
        }
      });
    }
  });

  it('shows an escalated intake still in progress, with what is missing', async () => {
    const c = converse(['Hello', 'yes', 'no', 'at the border now', 'Marie Tremblay', '905 555 0147', 'yes', 'family']);
    const s = c.summary;
    expect(s.triage.tier).toBe('E1');
    const { read } = await render({ summary: s, generatedBy: 'token:crm' });
    expect(read.total).toBeLessThanOrEqual(3);
    const text = read.flat;
    expect(text).toContain('ESCALATED: at the border');
    expect(text).toContain('E1 — at the border now, detained, or asked to sign something');
    expect(text).toContain('In progress');
    expect(text).toContain('Marie Tremblay');
    expect(text).toContain('No evidence listed for this request.');
    expect(text).toMatch(/Traveler Name, Citizenship/);
    expect(text).toContain('Generated by token:crm');
  });

  it('sets names in Latin, Cyrillic, Arabic and Devanagari in Noto Sans from npm, read back as written', async () => {
    const s: Summary = {
      ...english,
      traveler: { ...english.traveler, name: 'Nguyễn Thị Hồng' },
      otherParties: ['Łukasz Wróbel', 'Дмитрий Иванов', 'فاطمة', 'राम कुमार'],
    };
    expect(fitsWinAnsi('Nguyễn')).toBe(false);
    const fonts = chooseFonts(['Nguyễn Thị Hồng', 'Дмитрий']);
    expect(fonts.standard).toBe(false);
    // Fonts from the packages npm installed, never the system's.
    const files = Object.values(fonts.faces!).flat();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f.startsWith(join(projectRoot(), 'node_modules', '@fontsource'))).toBe(true);
    const read = jest.spyOn(fs, 'readFileSync');
    const opened = jest.spyOn(fs, 'openSync');
    let rendered;
    try {
      rendered = await render({ summary: s });
    } finally {
      read.mockRestore();
      opened.mockRestore();
    }
    const paths = [...read.mock.calls, ...opened.mock.calls].map((c) => String(c[0]));
    expect(paths.filter((p) => /\.(ttf|otf|ttc|woff2?)$/i.test(p) && !p.startsWith(join(projectRoot(), 'node_modules')))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('/usr/share') || p.startsWith('/System') || /[\\/]Windows[\\/]Fonts/i.test(p))).toEqual([]);

    const { pdf, read: text } = rendered;
    expect(text.flat).toContain('Nguyễn Thị Hồng');
    expect(text.flat).toContain('Łukasz Wróbel; Дмитрий Иванов');
    expect(text.flat).toContain('فاطمة');
    expect(text.flat).toContain('राम कुमार');
    expect(text.flat).not.toContain('?');
    expect(pdf.includes(Buffer.from('/FontFile2'))).toBe(true);
    // The standard fonts alone for Western European text: nothing embedded.
    const plain = await render({ summary: french });
    expect(plain.pdf.includes(Buffer.from('/FontFile2'))).toBe(false);
    // Text the standard fonts cannot show is marked there, never silently dropped.
    expect(winAnsiSafe('Nguyễn Zoë')).toBe('Nguy?n Zoë');
  });

  it('cuts mixed text into runs, each in the first font file that has its characters', () => {
    const faces = chooseFonts(['Дмитрий']).faces!.regular;
    const runs = fontRuns('Dmitri (Дмитрий), فاطمة और राम', faces);
    const fileOf = (word: string) =>
      runs
        .find((r) => r.text.includes(word))
        ?.face.split('/')
        .pop();
    expect(runs.map((r) => r.text).join('')).toBe('Dmitri (Дмитрий), فاطمة और राम');
    expect(fileOf('Dmitri')).toBe('noto-sans-latin-400-normal.woff');
    expect(fileOf('Дмитрий')).toBe('noto-sans-cyrillic-400-normal.woff');
    expect(fileOf('فاطمة')).toBe('noto-sans-arabic-arabic-400-normal.woff');
    expect(fileOf('राम')).toBe('noto-sans-devanagari-400-normal.woff');
  });

  describe("bounds what it prints of the family's words (summaries already stored may hold huge answers)", () => {
    const pageFurniture = /(Generated by .*? Page \d+ of \d+|Border Immigration Law · \S+ · Confidential) ?/g;
    const words = (n: number, word: string) =>
      Array.from({ length: Math.ceil(n / (word.length + 4)) }, (_, i) => `${word}${i}`)
        .join(' ')
        .slice(0, n);

    it('three answers of 57 KB: each cut, the whole bounded, and the PDF says the rest is in the transcript', async () => {
      const huge = (word: string) => words(57_000, word);
      const s: Summary = {
        ...english,
        contact: { ...english.contact, bestTime: huge('evening') },
        request: { ...english.request, narrative: huge('story'), details: { ...english.request.details, condition: huge('leukemia') } },
      };
      const { read } = await render({ summary: s });
      const body = flat(read.pages.join(' ')).replace(pageFurniture, '');
      // Far less than the 171,000 characters given: the values' budget and the rest of the form.
      expect(body.length).toBeLessThan(PDF_BOUNDS.totalChars + 10_000);
      expect(body.length).toBeGreaterThan(PDF_BOUNDS.valueChars);
      // Each says it was cut, by how much, and where the rest is.
      const notes = body.match(/\[… [\d,]+ more characters: the full text is in the transcript\]/g) ?? [];
      expect(notes).toHaveLength(3);
      // Cut at the end of a word, the beginning kept word for word.
      expect(body).toContain(`“${s.request.narrative!.slice(0, 2000)}`);
      expect(body).toMatch(/story\d+ \[… [\d,]+ more characters/);
      // The facts around them are all there.
      expect(body).toContain('Marc Tremblay');
      for (const item of english.evidenceChecklist) expect(body).toContain(item);
      expect(body).toContain(`Privacy notice version ${english.consent!.noticeVersion}`);
    });

    it('breaks a run without spaces (a pasted blob) into short runs, whose wrapping is cheap', async () => {
      const blob = 'x'.repeat(10_000);
      const s: Summary = { ...english, request: { ...english.request, details: { ...english.request.details, condition: blob } } };
      const { read } = await render({ summary: s });
      const runs = (flat(read.pages.join(' ')).match(/x{20,}/g) ?? []).map((r) => r.length);
      expect(runs.reduce((a, b) => a + b, 0)).toBe(PDF_BOUNDS.valueChars);
      expect(Math.max(...runs)).toBe(PDF_BOUNDS.wordChars);
      expect(breakLongRuns('ab'.repeat(40) + ' short', 30)).toBe(`${'ab'.repeat(15)} ${'ab'.repeat(15)} ${'ab'.repeat(10)} short`);
      // Never inside a character made of two code units.
      expect(breakLongRuns('😀'.repeat(5), 2)).toBe('😀😀 😀😀 😀');
    });

    it('every answer at 57 KB, with line breaks: the whole PDF stays within its bound', async () => {
      const huge = (word: string) => words(57_000, word).replace(/ /g, (m, i: number) => (i % 5 === 0 ? '\n' : m));
      const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
      const s: Summary = {
        ...english,
        contact: { ...english.contact, name: huge('name'), bestTime: huge('evening'), relationshipToTraveler: huge('son') },
        traveler: { ...english.traveler, name: huge('traveler'), city: huge('city'), intendedPort: huge('port') },
        otherParties: many(100, () => huge('party')),
        request: { ...english.request, narrative: huge('story'), details: { ...english.request.details, condition: huge('sick'), provider: huge('clinic') } },
        history: {
          ...english.history,
          notes: huge('note'),
          incidents: many(100, () => ({
            date: huge('date'),
            place: huge('place'),
            charge: huge('charge'),
            outcome: 'convicted' as const,
            sentence: huge('sentence'),
          })),
        },
      };
      // 12 MB of the family's words in all.
      expect(JSON.stringify(s).length).toBeGreaterThan(12_000_000);
      const { read } = await render({ summary: s });
      const body = flat(read.pages.join(' ')).replace(pageFurniture, '');
      const values = 12 + PDF_BOUNDS.items + 1 + PDF_BOUNDS.incidents * 4;
      expect(body.length).toBeLessThan(PDF_BOUNDS.totalChars + values * (PDF_BOUNDS.shortChars + 80) + 10_000);
      // No value keeps more than its share of line breaks; the first ones keep the most words.
      const { summary: bounded } = boundSummary(s, { truncated: () => '[cut]', moreItems: () => '[more]' });
      expect(bounded.contact.name!.split('\n')).toHaveLength(PDF_BOUNDS.lineBreaks + 1);
      expect(bounded.contact.name!.length).toBeGreaterThan(PDF_BOUNDS.valueChars - 100);
      expect(bounded.request.narrative!.length).toBeLessThan(PDF_BOUNDS.shortChars + 10);
      expect(bounded.history.incidents).toHaveLength(PDF_BOUNDS.incidents);
      expect(bounded.otherParties).toHaveLength(PDF_BOUNDS.items + 1);
    });

    it('lists at most so many incidents and names, and counts the rest', async () => {
      const incidents = Array.from({ length: PDF_BOUNDS.incidents + 25 }, (_, i) => ({
        date: `${1950 + i}`,
        place: `Town ${i}`,
        charge: `charge ${i}`,
        outcome: 'convicted' as const,
        sentence: `fine ${i}`,
      }));
      const parties = Array.from({ length: PDF_BOUNDS.items + 300 }, (_, i) => `Person ${i}`);
      const s: Summary = { ...english, otherParties: parties, history: { ...english.history, incidents } };
      const { read } = await render({ summary: s });
      const text = flat(read.pages.join(' ')).replace(pageFurniture, '');
      expect(text).toContain(`${PDF_BOUNDS.incidents} ${1950 + PDF_BOUNDS.incidents - 1} Town ${PDF_BOUNDS.incidents - 1}`);
      expect(text).not.toContain(`Town ${PDF_BOUNDS.incidents} `);
      expect(text).toContain('25 more incidents not shown: see the transcript.');
      expect(text).toContain(`Person ${PDF_BOUNDS.items - 1}; … 300 more: see the transcript`);
      expect(text).not.toContain(`Person ${PDF_BOUNDS.items};`);
    });
  });
});
