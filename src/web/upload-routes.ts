/**
 * The secure upload page: GET /documents/:token shows it, POST /documents/:token takes files
 * (multipart, read as a stream by multipart-uploads.ts, each file through the document desk), and
 * /upload-page.js is its script. The token (src/documents/link.ts) is the only credential: it
 * names the intake and the family's language. An expired link answers 410, a forged one 403, an
 * intake that is not (or no longer) kept 404, each with a page in that language (a forged token
 * has no language we can trust: the browser's, else English).
 *
 * Answers: the page again, with what was received and what was not and why (a plain form post),
 * or JSON with the same (the page's script, Accept: application/json). A sending stopped by a
 * limit answers 413 (and closes the connection: the rest is never read), a broken body 400.
 * Nothing about a file is logged.
 */
import type { Request, Response, Server } from 'restify';
import { isLang, type Lang } from '../../dialogs/context';
import { acceptedLanguage } from '../channels/directline/accept-language';
import type { DocumentDesk, Refusal } from '../documents/contract';
import { OTHER_ITEM } from '../documents/contract';
import { checklistItems, isItemOf } from '../documents/checklist';
import { UPLOAD_PATH } from '../documents/link';
import { mediaType, type RouteKey } from '../server/bodies';
import type { Parts } from '../server/parts';
import type { Summary } from '../summary/contract';
import { answerWhileDropping, readUploads, type UploadFailure, type UploadLimits } from './multipart-uploads';
import { linkProblemPage, uploadPage, UPLOAD_PAGE_CSP, UPLOAD_SCRIPT_PATH, type PageOutcome } from './upload-page';
import { UPLOAD_SCRIPT } from './upload-script';
import { uploadWords } from './upload-words';
import { shownName } from './shown-name';

export const UPLOAD_PAGE_ROUTE = `${UPLOAD_PATH}/:token`;
/** The upload page's post reads its own body (src/server/bodies.ts). */
export const UPLOAD_PAGE_UPLOAD: RouteKey = { method: 'POST', path: UPLOAD_PAGE_ROUTE };

/** Files in one post: a family photographing a few pages at once, not a whole archive. */
export const MAX_FILES_PER_POST = 10;
/** What is read and dropped after a sending stopped part way, for the client to read the answer. */
const LINGER_BYTES = 8 * 1024 * 1024;

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': UPLOAD_PAGE_CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
};

/** What each refusal answers when every file of a post was refused. */
const REFUSAL_STATUS: Record<Refusal, number> = {
  too_large: 413,
  intake_full: 413,
  too_many: 413,
  type: 415,
  malformed: 422,
  malware: 422,
  scan_unavailable: 503,
  unknown_item: 422,
  unknown_intake: 404,
};
const FAILURE_STATUS: Record<UploadFailure, number> = { too_large: 413, too_many: 413, malformed: 400, gone: 400, failed: 503 };

export function uploadLimits(parts: Parts): UploadLimits {
  return { maxFileBytes: parts.config.documents.maxFileBytes, maxFiles: MAX_FILES_PER_POST, maxFields: 4, maxFieldBytes: 1024 };
}

interface Opened {
  intakeId: string;
  lang: Lang;
  expiresAt: string;
  summary: Summary;
}

const wantsJson = (req: Request) => /application\/json/i.test(String(req.headers.accept ?? ''));

export function registerUploadPage(server: Server, parts: Parts): void {
  const links = parts.uploadLinks;
  const words = uploadWords();
  const documentWords = parts.documentWords;
  const desk = (): DocumentDesk => parts.documents;
  const maxFileMb = Math.floor(parts.config.documents.maxFileBytes / (1024 * 1024));

  const sendPage = (res: Response, status: number, page: string, extra: Record<string, string> = {}) => {
    res.sendRaw(status, page, { ...PAGE_HEADERS, ...extra });
  };

  /** The intake behind the token, or the page that says why not (sent, null returned). */
  async function opened(req: Request, res: Response): Promise<Opened | null> {
    const read = links.readUploadToken(String(req.params.token ?? ''), new Date());
    const browserLang = acceptedLanguage(req.headers['accept-language']) ?? 'en';
    const firm = { firmName: parts.config.firm.name, firmPhone: parts.config.firm.phone };
    const refuse = (status: number, lang: Lang, problem: 'expired' | 'forged' | 'unknown') => {
      if (wantsJson(req)) res.json(status, { code: problem, message: words.t(lang, `link.${problem}`, firm) });
      else sendPage(res, status, linkProblemPage(lang, words, problem, firm), { Connection: 'close' });
      return null;
    };
    if ('error' in read) return refuse(read.error === 'expired' ? 410 : 403, isLang(browserLang) ? browserLang : 'en', read.error);
    const summary = await parts.store.getIntake(read.intakeId);
    if (!summary) return refuse(404, read.lang, 'unknown');
    return { intakeId: read.intakeId, lang: read.lang, expiresAt: read.expiresAt, summary };
  }

  async function pageHtml(req: Request, o: Opened, outcome?: PageOutcome): Promise<string> {
    const documents = await desk().list(o.intakeId);
    const items = checklistItems(o.summary).map((i) => ({ key: i.key as string, label: documentWords.item(o.lang, i.key) }));
    return uploadPage({
      lang: o.lang,
      words,
      firmName: parts.config.firm.name,
      reference: o.summary.reference,
      action: `${UPLOAD_PATH}/${encodeURIComponent(String(req.params.token))}`,
      items,
      other: { key: OTHER_ITEM, label: documentWords.item(o.lang, OTHER_ITEM) },
      documents,
      expiresAt: o.expiresAt,
      timeZone: parts.config.firm.timeZone,
      maxFileMb,
      outcome,
    });
  }

  async function page(req: Request, res: Response, status: number, o: Opened, outcome?: PageOutcome) {
    sendPage(res, status, await pageHtml(req, o, outcome));
  }

  server.get(UPLOAD_SCRIPT_PATH, (_req: Request, res: Response, next) => {
    res.sendRaw(200, UPLOAD_SCRIPT, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    next();
  });

  server.get(UPLOAD_PAGE_ROUTE, async (req: Request, res: Response) => {
    const o = await opened(req, res);
    if (o) await page(req, res, 200, o);
  });

  server.post(UPLOAD_PAGE_ROUTE, async (req: Request, res: Response) => {
    const o = await opened(req, res);
    if (!o) return;
    const t = (k: string, vars?: Record<string, unknown>) => words.t(o.lang, k, vars);
    if (mediaType(req) !== 'multipart/form-data') {
      const stopped = t('stop.malformed');
      if (wantsJson(req)) return res.json(415, { received: [], refused: [], stopped });
      return page(req, res, 415, o, { received: [], refused: [], stopped });
    }
    const reading = await readUploads(req, res, uploadLimits(parts), async (part) => {
      // An input left empty in a plain form post is a part with no name and no bytes: not a file.
      if (part.fileName === '') {
        await part.skip();
        return null;
      }
      const name = shownName(part.fileName);
      if (!isItemOf(o.summary, part.field)) {
        await part.skip();
        return { name, refusal: 'unknown_item' as Refusal };
      }
      const description = part.field === OTHER_ITEM ? (part.fields.description ?? '').trim().slice(0, 200) : undefined;
      const result = await desk().receive({
        intakeId: o.intakeId,
        item: part.field,
        ...(description ? { description } : {}),
        fileName: part.fileName,
        source: 'link',
        content: part.content,
      });
      return result.ok ? { name, refusal: null } : { name, refusal: result.refusal };
    });
    const files = reading.files.flatMap((f) => (f.result ? [f.result] : []));
    const received = files.filter((f) => f.refusal === null).map((f) => f.name);
    const refused = files.flatMap((f) => (f.refusal ? [{ name: f.name, code: f.refusal, why: documentWords.refusal(o.lang, f.refusal) }] : []));
    const stopped = reading.failure ? t(`stop.${reading.failure}`, { maxFileMb, maxFiles: MAX_FILES_PER_POST }) : null;
    if (reading.failure === 'failed') parts.logger.error({ route: UPLOAD_PAGE_ROUTE }, 'upload: the document desk failed');
    const status = reading.failure ? FAILURE_STATUS[reading.failure] : refused.length && !received.length ? REFUSAL_STATUS[refused[0].code] : 200;
    if (reading.failure === 'gone') return;
    const json = wantsJson(req);
    const body = json
      ? JSON.stringify({
          received,
          refused: refused.map((r) => ({ name: r.name, code: r.code, message: t('resultRefused', { name: r.name, why: r.why }) })),
          stopped,
        })
      : await pageHtml(req, o, { received, refused: refused.map((r) => ({ name: r.name, why: r.why })), stopped });
    const headers = json ? { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } : PAGE_HEADERS;
    // A sending stopped part way: answered now; what still comes is dropped.
    if (reading.failure) return answerWhileDropping(req, res, status, body, headers, LINGER_BYTES);
    res.sendRaw(status, body, headers);
  });
}
