/**
 * The attorneys' dashboard: sign-in, the queue, intake pages, handling statuses, acknowledging
 * escalations, the PDF, the audit log. Server-rendered HTML, no script. Every route but the
 * sign-in page needs a live session: a GET without one is sent to /login, a POST is refused (403),
 * and every POST also needs the session's CSRF token. Every view and change is audited.
 */
import type { Request, Response, Server } from 'restify';
import { firmText } from '../i18n/firm-text';
import { renderIntakePdfOffThread } from '../pdf/pdf-workers';
import type { Parts } from '../server/parts';
import type { Attorney } from '../store/account-store';
import { AddressBudget } from './address-budget';
import { parseNext, safeNext, signIn } from './auth';
import { clientIp } from '../limits/client-ip';
import { dummyHash } from './password';
import { cookieHeader, LOGIN_COOKIE, readCookie, SESSION_COOKIE } from './cookies';
import { loginToken, loginTokenValid, sameSecret } from './csrf';
import { label } from './format';
import { ACTIONS, decide, type HandlingAction } from './handling';
import { intakeQuery, queueHref, readFilters } from './queue';
import { CursorError } from '../store/cursor';
import { redirect, SECURITY_HEADERS, sendFile, sendHtml } from './respond';
import { endSession, sessionOf, startSession, type SignedIn } from './sessions';
import { auditPage } from './views/audit';
import { closeConfirmPage } from './views/close-confirm';
import { errorPage } from './views/error';
import { intakePage, liveVersion, transcript as transcriptSection } from './views/intake';
import { textsList } from './views/conversation';
import { LIVE_PAGE_CSP, LIVE_SCRIPT, LIVE_SCRIPT_PATH } from './live-script';
import { attorneyName } from './views/layout';
import { pagingBanner } from './views/paging-banner';
import { loginPage } from './views/login';
import { queuePage } from './views/queue';
import { MAX_ATTORNEY_TEXT } from '../conversation/takeover';
import type { Summary } from '../summary/contract';
import { receivedByItem } from '../summary/received-documents';
import { documentHeaders, streamDocument } from '../server/document-response';

type Form = Record<string, unknown>;

/** Flash codes a redirect may carry: a fixed set, so a link cannot put words on the page. */
/** Of those, the ones shown as a warning: what the attorney asked for did not happen. */
const BAD_FLASHES = new Set([
  'lost_claim',
  'claimed_by_other',
  'changed',
  'not_allowed',
  'held_by_other',
  'hold_changed',
  'write_failed',
  'empty',
  'too_long',
  'opted_out',
  'no_conversation',
  'channel_unsupported',
  'ask_failed',
  'unknown_item',
]);
const FLASHES = new Set([
  'claimed',
  'contacted',
  'closed',
  'reopened',
  'taken_over',
  'acknowledged',
  'already_acknowledged',
  'held',
  'handed_back',
  'handed_back_silent',
  'written',
  'asked',
  ...BAD_FLASHES,
]);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const formOf = (req: Request): Form => (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as Form) : {});
const queryOf = (req: Request): Record<string, unknown> => (req.query && typeof req.query === 'object' ? (req.query as Record<string, unknown>) : {});

export function registerDashboard(server: Server, parts: Parts, clock: () => Date = () => new Date()): void {
  const t = firmText('dashboard');
  const { accounts, handoffStore, config, logger } = parts;
  const firmName = config.firm.name;
  const timeZone = config.firm.timeZone;
  const secure = config.dashboard.secureCookies;
  // Configuration is read once at start: while emergencies page nobody, every signed-in page says so.
  const banner = pagingBanner(t, config);

  // Made now, not at the first unknown email: that first one would otherwise take longer.
  void dummyHash();
  const budget = new AddressBudget({ accounts, secret: parts.secret, limit: config.limits.loginFailuresPerIpPerHour, windowMs: 3_600_000 });

  const attorneysById = async (): Promise<Map<string, Attorney>> => new Map((await accounts.listAttorneys()).map((a) => [a.id, a]));

  const refuse = (res: Response, who: SignedIn | null = null) =>
    sendHtml(
      res,
      403,
      errorPage(t, firmName, 'errors.forbiddenTitle', 'errors.forbidden', who ? { attorney: who.attorney, csrfToken: who.session.csrfToken, banner } : null),
    );
  const notFound = (res: Response, who: SignedIn) =>
    sendHtml(res, 404, errorPage(t, firmName, 'errors.notFoundTitle', 'errors.notFound', { attorney: who.attorney, csrfToken: who.session.csrfToken, banner }));

  /** A failure is a plain 500 page and a log line naming the route, never the request's content. */
  async function guarded(req: Request, res: Response, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      logger.error({ route: req.getRoute()?.path, err: (err as Error).message }, 'dashboard request failed');
      if (!res.headersSent) sendHtml(res, 500, errorPage(t, firmName, 'errors.failedTitle', 'errors.failed'));
    }
  }

  /** A page for a signed-in attorney; anyone else goes to the sign-in page and comes back. */
  function page(work: (req: Request, res: Response, who: SignedIn) => Promise<void>) {
    return async function signedInPage(req: Request, res: Response): Promise<void> {
      await guarded(req, res, async () => {
        const who = await sessionOf(accounts, req, clock());
        if (!who) return redirect(res, `/login?next=${encodeURIComponent(req.url ?? '/intakes')}`);
        await work(req, res, who);
      });
    };
  }

  /** A change by a signed-in attorney, with the session's CSRF token; anything else is a 403. */
  function action(work: (req: Request, res: Response, who: SignedIn, form: Form) => Promise<void>) {
    return async function signedInAction(req: Request, res: Response): Promise<void> {
      await guarded(req, res, async () => {
        const who = await sessionOf(accounts, req, clock());
        const form = formOf(req);
        if (!who || !sameSecret(str(form.csrf), who.session.csrfToken)) return refuse(res, null);
        await work(req, res, who, form);
      });
    };
  }

  // ---- signing in and out ----------------------------------------------------------------

  /** The sign-in form with a fresh pre-session token (and its cookie). */
  function showLogin(res: Response, status: number, next: string, message: Parameters<typeof loginPage>[0]['message'] = null, email = '') {
    const token = loginToken(parts.secret);
    res.setHeader('Set-Cookie', cookieHeader(LOGIN_COOKIE, token.cookie, { secure, maxAge: 3600 }));
    sendHtml(res, status, loginPage({ t, firmName, formToken: token.field, next, message, email }));
  }

  /** A sign-in link or form asking to go somewhere that is not a page of this site. */
  const badNext = (res: Response) => sendHtml(res, 400, errorPage(t, firmName, 'errors.badNextTitle', 'errors.badNext'));

  server.get('/login', async function loginForm(req: Request, res: Response) {
    await guarded(req, res, async () => {
      const q = queryOf(req);
      const next = parseNext(q.next);
      if (!next.ok) return badNext(res);
      if (await sessionOf(accounts, req, clock())) return redirect(res, next.path);
      showLogin(res, 200, next.path, q.out === '1' ? { key: 'login.signedOut', bad: false } : null);
    });
  });

  server.post('/login', async function login(req: Request, res: Response) {
    await guarded(req, res, async () => {
      const form = formOf(req);
      // Refused before anything else: no attempt is counted for a form that could not go anywhere.
      const parsedNext = parseNext(form.next);
      if (!parsedNext.ok) return badNext(res);
      const next = parsedNext.path;
      if (!loginTokenValid(parts.secret, readCookie(req, LOGIN_COOKIE), form.csrf)) {
        return showLogin(res, 403, next, { key: 'login.expired', bad: true });
      }
      const email = str(form.email).slice(0, 320);
      const now = clock();
      // The address's failures (all accounts) and the account's are charged in the store before the
      // password is checked (auth.ts); the address's on the server's limit clock.
      const limits = parts.limits;
      const ip = clientIp(req, limits.trustedProxies);
      const result = await signIn(
        { accounts, audit: handoffStore, config: config.dashboard, budget },
        { email, password: str(form.password).slice(0, 1024), ip },
        now,
        limits.now(),
      );
      if (result.outcome === 'too_many') {
        res.setHeader('Retry-After', String(result.retryAfterSeconds));
        return showLogin(
          res,
          429,
          next,
          { key: 'login.tooManyHere', vars: { minutes: Math.max(1, Math.round(result.retryAfterSeconds / 60)) }, bad: true },
          email,
        );
      }
      if (result.outcome === 'locked')
        return showLogin(res, 401, next, { key: 'login.locked', vars: { minutes: config.dashboard.lockoutMinutes }, bad: true }, email);
      if (result.outcome === 'failed') return showLogin(res, 401, next, { key: 'login.failed', bad: true }, email);
      const { cookie } = await startSession(accounts, result.attorney.id, now, config.dashboard.sessionHours);
      // Housekeeping at a quiet moment: sessions past their time are removed.
      await accounts.deleteExpiredSessions(now.toISOString());
      res.setHeader('Set-Cookie', [
        cookieHeader(SESSION_COOKIE, cookie, { secure, maxAge: config.dashboard.sessionHours * 3600 }),
        cookieHeader(LOGIN_COOKIE, '', { secure, maxAge: 0 }),
      ]);
      redirect(res, next);
    });
  });

  server.post(
    '/logout',
    action(async (req, res, who) => {
      await endSession(accounts, req);
      await handoffStore.audit({ at: clock().toISOString(), actor: who.attorney.id, action: 'signed_out', intakeId: null, detail: {} });
      res.setHeader('Set-Cookie', cookieHeader(SESSION_COOKIE, '', { secure, maxAge: 0 }));
      redirect(res, '/login?out=1');
    }),
  );

  // ---- the queue ---------------------------------------------------------------------------

  server.get(
    '/intakes',
    page(async (req, res, who) => {
      const q = queryOf(req);
      const filters = readFilters(q);
      let pageOf;
      try {
        pageOf = await handoffStore.listIntakes(intakeQuery(filters));
      } catch (err) {
        // A cursor from an old link or another view: start again from the first page.
        if (err instanceof CursorError) return redirect(res, queueHref({ ...filters, cursor: null }));
        throw err;
      }
      const [escalations, attorneys] = await Promise.all([
        filters.view === 'queue' ? handoffStore.unacknowledgedEscalations() : Promise.resolve([]),
        attorneysById(),
      ]);
      const done = str(q.done);
      await handoffStore.audit({
        at: clock().toISOString(),
        actor: who.attorney.id,
        action: 'listed',
        intakeId: null,
        detail: { view: filters.view, count: pageOf.items.length },
      });
      sendHtml(
        res,
        200,
        queuePage({
          t,
          firmName,
          attorney: who.attorney,
          csrfToken: who.session.csrfToken,
          filters,
          escalations,
          page: pageOf,
          attorneys,
          now: clock(),
          flash: FLASHES.has(done) && !BAD_FLASHES.has(done) ? t(`flash.${done}`) : null,
          banner,
        }),
      );
    }),
  );

  // ---- one intake --------------------------------------------------------------------------

  // Registered before /intakes/:id; the router matches the static ".pdf" suffix first.
  server.get(
    '/intakes/:id.pdf',
    page(async (req, res, who) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const now = clock();
      const [handling, escalations, attorneys, documents] = await Promise.all([
        handoffStore.getHandling(summary.intakeId),
        handoffStore.escalationsOf(summary.intakeId),
        attorneysById(),
        parts.documents.list(summary.intakeId),
      ]);
      // Who claimed or acknowledged it, by name rather than account id.
      const attorneyNames = Object.fromEntries([...attorneys.values()].map((a) => [a.id, attorneyName(a)]));
      const pdf = await renderIntakePdfOffThread({
        summary,
        handling,
        escalations,
        firm: config.firm,
        generatedAt: now,
        generatedBy: attorneyName(who.attorney),
        attorneyNames,
        documents: receivedByItem(summary, documents),
      });
      await handoffStore.audit({
        at: now.toISOString(),
        actor: who.attorney.id,
        action: 'viewed_pdf',
        intakeId: summary.intakeId,
        detail: { reference: summary.reference },
      });
      sendFile(res, pdf, {
        'Content-Type': 'application/pdf',
        // A reference is letters, digits and dashes; anything else is dropped from the file name.
        'Content-Disposition': `attachment; filename="${summary.reference.replace(/[^A-Za-z0-9_-]/g, '')}.pdf"`,
        'Content-Length': String(pdf.length),
      });
    }),
  );

  /**
   * The intake page: as asked for (200), or again after a message that could not go (its status,
   * with what the attorney wrote kept in the box: bad input loses nothing).
   */
  async function showIntake(res: Response, who: SignedIn, summary: Summary, o: { done: string; status?: number; draft?: string }) {
    const id = summary.intakeId;
    const [handling, escalations, deliveries, transcript, attorneys, hold, texts, conversation, documents] = await Promise.all([
      handoffStore.getHandling(id),
      handoffStore.escalationsOf(id),
      handoffStore.outboxItems({ intakeId: id }),
      parts.store.transcript(summary.transcriptId),
      attorneysById(),
      parts.takeover.holder(id),
      handoffStore.smsOf(id),
      parts.takeover.conversationOf(summary),
      parts.documents.list(id),
    ]);
    const optedOut =
      !!conversation && (conversation.channel === 'sms' || conversation.channel === 'whatsapp') && (await parts.store.isOptedOut(conversation.address));
    await handoffStore.audit({
      at: clock().toISOString(),
      actor: who.attorney.id,
      action: 'viewed',
      intakeId: id,
      detail: { reference: summary.reference, messages: transcript.length },
    });
    const done = o.done;
    const flash = FLASHES.has(done)
      ? { text: t(`flash.${done}`, { status: label(t, 'handling', handling.status), max: MAX_ATTORNEY_TEXT }), bad: BAD_FLASHES.has(done) }
      : null;
    sendHtml(
      res,
      o.status ?? 200,
      intakePage({
        t,
        firmName,
        timeZone,
        attorney: who.attorney,
        csrfToken: who.session.csrfToken,
        summary,
        handling,
        escalations,
        deliveries,
        transcript,
        attorneys,
        flash,
        hold,
        talk: { texts, optedOut, channel: conversation?.channel ?? null, draft: o.draft ?? '' },
        documents: receivedByItem(summary, documents),
        banner,
      }),
      // The one page with a script: the live transcript's, from this origin (live-script.ts).
      { 'Content-Security-Policy': LIVE_PAGE_CSP },
    );
  }

  server.get(
    LIVE_SCRIPT_PATH,
    page(async (_req, res) => {
      res.sendRaw(200, LIVE_SCRIPT, { ...SECURITY_HEADERS, 'Content-Type': 'text/javascript; charset=utf-8' });
    }),
  );

  // The transcript and the texts' states as the intake page shows them, for its live script: only
  // when they changed since the version the page has (`since`); a change seen is audited.
  server.get(
    '/intakes/:id/live',
    page(async (req, res, who) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const id = summary.intakeId;
      const [entries, texts, attorneys] = await Promise.all([parts.store.transcript(summary.transcriptId), handoffStore.smsOf(id), attorneysById()]);
      const v = { t, timeZone, summary, transcript: entries, attorney: who.attorney, attorneys, talk: { texts, optedOut: false, channel: null, draft: '' } };
      const version = liveVersion(v);
      const json = (body: unknown) => res.sendRaw(200, JSON.stringify(body), { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
      if (version === str(queryOf(req).since)) return json({ version });
      await handoffStore.audit({
        at: clock().toISOString(),
        actor: who.attorney.id,
        action: 'viewed_transcript',
        intakeId: id,
        detail: { reference: summary.reference, messages: entries.length },
      });
      json({ version, transcript: transcriptSection(v).value, texts: textsList(v).toString() });
    }),
  );

  server.get(
    '/intakes/:id',
    page(async (req, res, who) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      await showIntake(res, who, summary, { done: str(queryOf(req).done) });
    }),
  );

  server.get(
    '/intakes/:id/close',
    page(async (req, res, who) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const handling = await handoffStore.getHandling(summary.intakeId);
      // Already closed (another tab, another attorney): nothing to confirm.
      if (handling.status === 'closed') return redirect(res, `/intakes/${encodeURIComponent(summary.intakeId)}`);
      sendHtml(
        res,
        200,
        closeConfirmPage({
          t,
          firmName,
          attorney: who.attorney,
          csrfToken: who.session.csrfToken,
          intakeId: summary.intakeId,
          reference: summary.reference,
          handling,
          banner,
        }),
      );
    }),
  );

  server.post(
    '/intakes/:id/status',
    action(async (req, res, who, form) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const id = summary.intakeId;
      const back = (code: string) => redirect(res, `/intakes/${encodeURIComponent(id)}?done=${code}`);
      const act = str(form.action);
      if (!(ACTIONS as readonly string[]).includes(act)) return back('not_allowed');
      // Closing is confirmed on its own page first: a close without it only leads there.
      if (act === 'closed' && str(form.confirm) !== 'yes') return redirect(res, `/intakes/${encodeURIComponent(id)}/close`);
      const current = await handoffStore.getHandling(id);
      const at = clock().toISOString();
      const decision = decide(current, {
        action: act as HandlingAction,
        seenStatus: str(form.expected),
        seenClaimedBy: str(form.claimedBy),
        by: who.attorney.id,
        at,
      });
      if (!decision.ok) return back(decision.refusal);
      // The store's compare-and-set: of two attorneys pressing at once, one wins.
      if (!(await handoffStore.setHandling(id, decision.next, decision.expected))) return back(act === 'claim' ? 'lost_claim' : 'changed');
      await handoffStore.audit({
        at,
        actor: who.attorney.id,
        action: 'status',
        intakeId: id,
        detail: { action: act, from: current.status, to: decision.next.status, reference: summary.reference },
      });
      back(decision.flash);
    }),
  );

  // ---- talking with the family (src/conversation/takeover.ts) ------------------------------------

  server.post(
    '/intakes/:id/conversation',
    action(async (req, res, who, form) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const back = (code: string) => redirect(res, `/intakes/${encodeURIComponent(summary.intakeId)}?done=${code}#conversation`);
      const act = str(form.action);
      if (act === 'hold') {
        const r = await parts.takeover.hold(summary, who.attorney.id, clock());
        return back(r.ok ? 'held' : r.refusal);
      }
      if (act === 'handback') {
        const r = await parts.takeover.handBack(summary, who.attorney.id, str(form.heldBy), clock());
        // Released, but the assistant may stay silent all the same (the intake is marked contacted or closed).
        return back(r.ok ? (r.reasked ? 'handed_back' : 'handed_back_silent') : r.refusal);
      }
      back('not_allowed');
    }),
  );

  server.post(
    '/intakes/:id/messages',
    action(async (req, res, who, form) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const text = str(form.text);
      const r = await parts.takeover.write(summary, who.attorney.id, text, clock());
      if (r.ok) return redirect(res, `/intakes/${encodeURIComponent(summary.intakeId)}?done=${r.sent ? 'written' : 'write_failed'}#conversation`);
      // Not sent, nothing stored: the page again, with the words in the box.
      await showIntake(res, who, summary, {
        done: r.refusal,
        status: r.refusal === 'empty' || r.refusal === 'too_long' ? 400 : 409,
        draft: text.slice(0, MAX_ATTORNEY_TEXT * 2),
      });
    }),
  );

  // ---- documents the family sent (src/documents) ---------------------------------------------

  /**
   * One document, shown in the browser (a preview) or saved (a download), with the headers of
   * document-response.ts; audited with the item and the document's id. An id of another intake's
   * document is a 404, as an unknown one.
   */
  const serveDocument = (disposition: 'inline' | 'attachment') =>
    page(async (req, res, who) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const opened = await parts.documents.open(summary.intakeId, str(req.params?.documentId));
      if (!opened || opened.info.intakeId !== summary.intakeId) return notFound(res, who);
      const { info } = opened;
      await handoffStore.audit({
        at: clock().toISOString(),
        actor: who.attorney.id,
        action: disposition === 'inline' ? 'previewed_document' : 'downloaded_document',
        intakeId: summary.intakeId,
        detail: { reference: summary.reference, item: info.item, document: info.id, kind: info.kind },
      });
      await streamDocument(res, opened.content, documentHeaders(info, { disposition, reference: summary.reference }));
    });
  server.get('/intakes/:id/documents/:documentId', serveDocument('inline'));
  server.get('/intakes/:id/documents/:documentId/download', serveDocument('attachment'));

  // Asks the family for a missing checklist item: a fresh upload link, on their channel (document-request.ts).
  server.post(
    '/intakes/:id/documents/ask',
    action(async (req, res, who, form) => {
      const summary = await parts.store.getIntake(str(req.params?.id));
      if (!summary) return notFound(res, who);
      const r = await parts.documentRequests.ask(summary, str(form.item), who.attorney.id, clock());
      const code = r.ok ? (r.sent ? 'asked' : 'ask_failed') : r.refusal;
      redirect(res, `/intakes/${encodeURIComponent(summary.intakeId)}?done=${code}`);
    }),
  );

  server.post(
    '/escalations/:id/ack',
    action(async (req, res, who, form) => {
      const escalation = await handoffStore.getEscalation(str(req.params?.id));
      if (!escalation) return notFound(res, who);
      const backTo = safeNext(form.back);
      const to = (code: string) => redirect(res, `${backTo}${backTo.includes('?') ? '&' : '?'}done=${code}`);
      if (escalation.acknowledgedAt) return to('already_acknowledged');
      // The handoff service records it (and audits the acknowledgement that counted).
      const record = await parts.handoff.acknowledge(escalation.id, who.attorney.id, clock());
      to(record && record.acknowledgedBy === who.attorney.id ? 'acknowledged' : 'already_acknowledged');
    }),
  );

  // ---- the audit log -------------------------------------------------------------------------

  server.get(
    '/audit',
    page(async (req, res, who) => {
      const intake = str(queryOf(req).intake).trim().slice(0, 200) || null;
      const [entries, attorneys] = await Promise.all([handoffStore.auditLog({ intakeId: intake ?? undefined, limit: 300 }), attorneysById()]);
      sendHtml(
        res,
        200,
        auditPage({ t, firmName, timeZone, attorney: who.attorney, csrfToken: who.session.csrfToken, entries, intakeId: intake, attorneys, banner }),
      );
    }),
  );
}
