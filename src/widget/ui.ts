/**
 * The chat widget: a launcher button and a chat panel in a shadow root. The bot's words are only
 * ever put in with textContent; the widget's own labels come from locales/<lang>/widget.json.
 *
 * On a shared device (a library computer, a shelter's phone) the next person must not find the
 * last family's conversation: it is kept for this tab only unless the family ticks "continue later
 * on this device", and "end conversation" (with a confirmation, so one mis-tap loses nothing)
 * removes it from the device and tells the server.
 */
import { DirectLineClient, randomId, type Activity, type Status } from './directline';
import { LANGS, isLang, t, type LabelKey, type Lang } from './i18n';
import { DeviceStorage } from './storage';
import { CSS } from './styles';

export interface Options {
  /** The server's origin, without a trailing slash. */
  server: string;
  lang: Lang;
  accent: string;
}

interface UiState {
  lang?: Lang;
  open?: boolean;
}

const ICON_CHAT =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/></svg>';
const ICON_CLOSE =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>';
const ICON_SEND =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M12 19V5M5 12l7-7 7 7"/></svg>';
/** A paper clip: attach a file. */
const ICON_ATTACH =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9"/></svg>';
/** What the attach button offers (the server decides by content: src/documents). */
const ATTACH_ACCEPT = 'application/pdf,image/jpeg,image/png,image/heic,image/heif,image/webp';
const ICON_SCALES =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M12 3v18M7 21h10M4 7h16M7 7l-3 7a3 3 0 0 0 6 0L7 7zM17 7l-3 7a3 3 0 0 0 6 0l-3-7z"/></svg>';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const k of Object.keys(attrs)) e.setAttribute(k, attrs[k]);
  return e;
}

/** Colours derived from the accent: the text on it, a readable ink on white, a soft tint. */
function palette(accent: string): Record<string, string> {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(accent.trim());
  if (!m) return { '--accent': accent, '--on-accent': '#fff', '--accent-ink': accent, '--accent-soft': 'rgba(16,24,40,.07)', '--ring': accent };
  const hex = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  const lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const color = '#' + hex;
  // White text needs a contrast of 4.5:1 against the accent: a luminance under about 0.18.
  const light = lum > 0.18;
  return {
    '--accent': color,
    '--on-accent': light ? '#111827' : '#fff',
    '--accent-ink': light ? '#1b2330' : color,
    '--accent-soft': `rgba(${r},${g},${b},.12)`,
    '--ring': light ? '#1b2330' : color,
  };
}

export class Widget {
  private readonly shadow: ShadowRoot;
  private readonly root = el('div', 'root');
  private readonly launcher = el('button', 'launcher', { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'pi-panel' });
  private readonly launcherText = el('span');
  private readonly panel = el('section', 'panel', { id: 'pi-panel', role: 'dialog', 'aria-modal': 'false', tabindex: '-1' });
  private readonly title = el('h2', '', { id: 'pi-title' });
  private readonly sub = el('p', 'sub');
  private readonly select = el('select');
  private readonly closeBtn = el('button', 'close', { type: 'button' });
  private readonly progress = el('div', 'progress');
  private readonly ptext = el('div', 'ptext', { 'aria-hidden': 'true' });
  private readonly bar = el('div', 'bar', { role: 'progressbar', 'aria-valuemin': '0' });
  private readonly barFill = el('span');
  private readonly status = el('div', 'status', { role: 'status' });
  private readonly scroll = el('div', 'scroll');
  // The transcript is not itself live: rebuilt after a reload or relabelled in another language,
  // it would be read out again. Each new message of the assistant is announced once, by `live`.
  private readonly log = el('div', 'log', { role: 'log', 'aria-live': 'off' });
  private readonly live = el('div', 'sr', { 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-atomic': 'false' });
  private readonly typing = el('div', 'typing');
  private readonly typingText = el('span');
  private readonly form = el('form');
  private readonly input = el('textarea', '', { rows: '1', autocomplete: 'off', enterkeyhint: 'send', 'aria-describedby': 'pi-foot' });
  private readonly sendBtn = el('button', 'send', { type: 'submit' });
  private readonly attachBtn = el('button', 'attach', { type: 'button' });
  // Hidden: the attach button opens it (a labelled button, where a bare file input reads poorly).
  private readonly fileInput = el('input', '', { type: 'file', accept: ATTACH_ACCEPT, multiple: '', hidden: '' });
  private readonly foot = el('p', 'foot', { id: 'pi-foot' });
  private readonly notice = el('p', 'notice', { role: 'status' });
  private readonly tools = el('div', 'tools');
  private readonly keepBox = el('input', '', { type: 'checkbox', id: 'pi-keep', 'aria-describedby': 'pi-keep-hint' });
  private readonly keepText = el('span');
  private readonly keepHint = el('p', 'hint', { id: 'pi-keep-hint' });
  private readonly endBtn = el('button', 'end', { type: 'button' });
  private readonly confirm = el('div', 'confirm', {
    role: 'alertdialog',
    'aria-modal': 'false',
    'aria-labelledby': 'pi-end-title',
    'aria-describedby': 'pi-end-text',
  });
  private readonly confirmTitle = el('p', 'ctitle', { id: 'pi-end-title' });
  private readonly confirmText = el('p', 'ctext', { id: 'pi-end-text' });
  private readonly confirmYes = el('button', 'danger', { type: 'button' });
  private readonly confirmNo = el('button', 'secondary', { type: 'button' });

  private readonly client: DirectLineClient;
  private readonly storage: DeviceStorage;
  private readonly uiKey: string;
  private lang: Lang;
  private isOpen = false;
  private connected = false;
  private lastProgress: { step: number; of: number } | null = null;
  /** Messages shown at once, by clientActivityID, until the server echoes them. */
  private readonly pending = new Map<string, HTMLElement>();
  private readonly shownClientIds = new Set<string>();
  private readonly seenIds = new Set<string>();
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  /** The family has just answered: the next question takes the focus when it comes. */
  private answered = false;

  constructor(
    host: HTMLElement,
    private readonly opts: Options,
  ) {
    const key = 'parole-intake:' + opts.server;
    this.uiKey = key + ':ui';
    this.storage = new DeviceStorage([key, this.uiKey]);
    const ui = this.readUi();
    this.lang = isLang(ui.lang) ? ui.lang : opts.lang;
    this.client = new DirectLineClient(
      opts.server,
      this.storage,
      key,
      {
        activities: (list, userId, history) => this.onActivities(list, userId, history),
        reset: () => this.onReset(),
        status: (s) => this.onStatus(s),
      },
      () => this.lang,
    );

    this.shadow = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = CSS;
    const colours = palette(opts.accent);
    for (const k of Object.keys(colours)) this.root.style.setProperty(k, colours[k]);
    this.build();
    this.shadow.appendChild(style);
    this.shadow.appendChild(this.root);
    this.applyLabels();
    if (ui.open) this.open(false);
  }

  private build(): void {
    this.launcher.innerHTML = ICON_CHAT;
    this.launcher.appendChild(this.launcherText);
    this.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open(true)));

    // Not a <header>: inside the firm's page that would be a second banner landmark.
    const header = el('div', 'head');
    const top = el('div', 'top');
    const avatar = el('div', 'avatar');
    avatar.innerHTML = ICON_SCALES;
    const titles = el('div', 'titles');
    titles.append(this.title, this.sub);
    const langBox = el('div', 'lang');
    for (const l of LANGS) {
      const o = el('option', '', { value: l, lang: l });
      o.textContent = t(l, 'languageName');
      this.select.appendChild(o);
    }
    langBox.appendChild(this.select);
    this.select.addEventListener('change', () => this.switchLanguage(this.select.value));
    this.closeBtn.innerHTML = ICON_CLOSE;
    this.closeBtn.addEventListener('click', () => this.close());
    top.append(avatar, titles, langBox, this.closeBtn);
    this.bar.appendChild(this.barFill);
    this.progress.append(this.ptext, this.bar);
    this.progress.hidden = true;
    header.append(top, this.progress);

    this.status.hidden = true;
    const dots = el('span', 'dots', { 'aria-hidden': 'true' });
    dots.append(el('i'), el('i'), el('i'));
    this.typing.append(dots, this.typingText);
    this.typing.hidden = true;
    this.scroll.append(this.log, this.typing);

    this.sendBtn.innerHTML = ICON_SEND;
    this.attachBtn.innerHTML = ICON_ATTACH;
    this.attachBtn.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      const files = this.fileInput.files ? (Array.prototype.slice.call(this.fileInput.files) as File[]) : [];
      this.fileInput.value = '';
      for (const f of files) this.sendFile(f);
    });
    this.form.append(this.attachBtn, this.fileInput, this.input, this.sendBtn);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.sendTyped();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.sendTyped();
      }
    });
    this.input.addEventListener('input', () => this.fitInput());

    // Under the conversation: keep it on this device (a real checkbox), or end it.
    const keep = el('label', 'keep');
    keep.append(this.keepBox, this.keepText);
    this.keepBox.checked = this.client.remembered;
    this.keepBox.addEventListener('change', () => {
      this.client.rememberOnDevice(this.keepBox.checked);
      this.keepHint.hidden = !this.keepBox.checked;
    });
    this.keepHint.hidden = !this.keepBox.checked;
    this.endBtn.addEventListener('click', () => this.askToEnd());
    this.tools.append(keep, this.endBtn, this.keepHint);

    const buttons = el('div', 'cbtns');
    buttons.append(this.confirmYes, this.confirmNo);
    this.confirm.append(this.confirmTitle, this.confirmText, buttons);
    this.confirm.hidden = true;
    this.confirmYes.addEventListener('click', () => this.endConversation());
    this.confirmNo.addEventListener('click', () => this.cancelEnd(true));

    this.notice.hidden = true;
    this.scroll.insertBefore(this.notice, this.log);

    this.panel.append(header, this.status, this.scroll, this.tools, this.confirm, this.form, this.foot, this.live);
    this.panel.hidden = true;
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' || e.key === 'Esc') {
        e.preventDefault();
        // Escape takes back the question "end the conversation?" first; then it closes the chat.
        if (!this.confirm.hidden) this.cancelEnd(true);
        else this.close();
      }
    });
    this.root.append(this.panel, this.launcher);
    // Escape with the focus nowhere (on the page's body) still closes the open chat.
    document.addEventListener('keydown', (e) => {
      if ((e.key === 'Escape' || e.key === 'Esc') && this.isOpen && !e.defaultPrevented && document.activeElement === document.body) {
        e.preventDefault();
        this.close();
      }
    });
  }

  private readUi(): UiState {
    const ui = this.storage.read<UiState>(this.uiKey);
    return ui && typeof ui === 'object' ? ui : {};
  }

  private writeUi(): void {
    this.storage.write(this.uiKey, { lang: this.lang, open: this.isOpen });
  }

  /** The confirmation step: nothing is lost on one tap. Focus goes to "keep talking". */
  private askToEnd(): void {
    this.tools.hidden = true;
    this.form.hidden = true;
    this.confirm.hidden = false;
    this.confirmNo.focus();
  }

  private cancelEnd(focus: boolean): void {
    this.confirm.hidden = true;
    this.tools.hidden = false;
    this.form.hidden = false;
    if (focus) this.endBtn.focus();
  }

  /** Ends it: off the screen and off the device at once, the server told, a new conversation begun. */
  private endConversation(): void {
    this.cancelEnd(false);
    this.clearLog();
    this.keepBox.checked = false;
    this.keepHint.hidden = true;
    this.input.value = '';
    this.fitInput();
    void this.client.end();
    this.writeUi();
    this.notice.textContent = this.l('ended');
    this.notice.hidden = false;
    if (this.isOpen) this.setWaiting(true);
    this.panel.focus();
  }

  private l(key: LabelKey, vars?: Record<string, string | number>): string {
    return t(this.lang, key, vars);
  }

  private applyLabels(): void {
    this.root.setAttribute('lang', this.lang);
    this.launcherText.textContent = this.l('launcher');
    this.panel.setAttribute('aria-label', this.l('title'));
    this.title.textContent = this.l('title');
    this.sub.textContent = this.l('subtitle');
    this.select.value = this.lang;
    this.select.setAttribute('aria-label', this.l('language'));
    this.select.title = this.l('language');
    this.closeBtn.setAttribute('aria-label', this.l('close'));
    this.closeBtn.title = this.l('close');
    this.log.setAttribute('aria-label', this.l('title'));
    this.input.placeholder = this.l('placeholder');
    this.input.setAttribute('aria-label', this.l('inputLabel'));
    this.sendBtn.setAttribute('aria-label', this.l('send'));
    this.attachBtn.setAttribute('aria-label', this.l('attach'));
    this.attachBtn.title = this.l('attach');
    this.sendBtn.title = this.l('send');
    this.foot.textContent = this.l('emergency');
    this.keepText.textContent = this.l('continueLater');
    this.keepHint.textContent = this.l('continueLaterHint');
    this.endBtn.textContent = this.l('endConversation');
    this.confirmTitle.textContent = this.l('endTitle');
    this.confirmText.textContent = this.l('endText');
    this.confirmYes.textContent = this.l('endConfirm');
    this.confirmNo.textContent = this.l('endCancel');
    if (!this.notice.hidden) this.notice.textContent = this.l('ended');
    this.status.textContent = this.l('connectionError');
    this.typingText.textContent = this.connected ? this.l('typing') : this.l('connecting');
    this.showProgress(this.lastProgress);
    const meta = this.log.querySelectorAll<HTMLElement>('[data-label]');
    for (let i = 0; i < meta.length; i++) meta[i].textContent = this.l(meta[i].getAttribute('data-label') as LabelKey);
  }

  open(focus: boolean): void {
    this.isOpen = true;
    this.root.classList.add('open');
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.writeUi();
    if (!this.client.hasSession() && !this.log.firstChild) this.setWaiting(true);
    this.client.setActive(true);
    this.scrollDown();
    if (focus) {
      // On a phone the keyboard would cover the greeting: focus the panel, not the text box.
      const narrow = typeof matchMedia === 'function' && matchMedia('(max-width: 480px)').matches;
      (narrow ? this.panel : this.input).focus();
    }
  }

  close(): void {
    this.isOpen = false;
    this.root.classList.remove('open');
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.writeUi();
    this.client.setActive(false);
    this.launcher.focus();
  }

  private switchLanguage(value: string): void {
    if (!isLang(value) || value === this.lang) return;
    this.setLang(value);
    // The bot takes a language's own name as a switch.
    this.submit(t(value, 'languageName'));
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    this.writeUi();
    this.applyLabels();
  }

  private fitInput(): void {
    this.input.style.height = 'auto';
    this.input.style.height = Math.min(this.input.scrollHeight + 3, 140) + 'px';
  }

  private sendTyped(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.fitInput();
    this.submit(text);
  }

  private submit(text: string): void {
    this.notice.hidden = true;
    this.answered = true;
    const cid = randomId('c_');
    const item = this.addUser(text, true);
    this.pending.set(cid, item);
    this.shownClientIds.add(cid);
    this.dispatch(text, cid, item);
  }

  /** A file through Direct Line's upload: shown at once by its name, confirmed by the server's echo. */
  private sendFile(file: File): void {
    this.notice.hidden = true;
    this.answered = true;
    const cid = randomId('f_');
    const item = this.addUser(file.name, true);
    item.classList.add('file');
    this.pending.set(cid, item);
    this.shownClientIds.add(cid);
    this.setWaiting(true);
    void this.client.upload(file, cid).then((outcome) => {
      if (outcome === 'sent' || !this.pending.has(cid)) return;
      this.pending.delete(cid);
      this.setWaiting(false);
      item.classList.add('failed');
      const meta = item.querySelector('.meta');
      if (meta) meta.remove();
      item.appendChild(this.meta(outcome === 'too_large' ? 'attachTooLarge' : 'attachFailed'));
    });
  }

  private dispatch(text: string, cid: string, item: HTMLElement): void {
    this.setWaiting(true);
    void this.client.send(text, cid).then((ok) => {
      if (ok || !this.pending.has(cid)) return;
      this.setWaiting(false);
      item.classList.add('failed');
      const meta = item.querySelector('.meta');
      if (meta) meta.remove();
      const retry = el('button', 'retry', { type: 'button', 'data-label': 'sendFailed' });
      retry.textContent = this.l('sendFailed');
      retry.addEventListener('click', () => {
        retry.remove();
        item.classList.remove('failed');
        item.appendChild(this.meta('sending'));
        this.dispatch(text, cid, item);
      });
      item.appendChild(retry);
    });
  }

  private meta(key: LabelKey): HTMLElement {
    const m = el('span', 'meta', { 'data-label': key });
    m.textContent = this.l(key);
    return m;
  }

  private message(who: 'bot' | 'user', text: string): HTMLElement {
    const item = el('div', 'msg ' + who);
    const sr = el('span', 'sr', { 'data-label': who === 'bot' ? 'bot' : 'you' });
    sr.textContent = this.l(who === 'bot' ? 'bot' : 'you');
    const bubble = el('div', 'bubble');
    bubble.textContent = text;
    item.append(sr, bubble);
    return item;
  }

  private addUser(text: string, pending: boolean): HTMLElement {
    // An answer that is one of the buttons above shows that button as chosen (also when rebuilt).
    const prev = this.log.lastElementChild;
    const offered = prev && prev.classList.contains('bot') ? prev.querySelectorAll('.actions button') : [];
    for (let i = 0; i < offered.length; i++) if (offered[i].textContent === text) offered[i].classList.add('chosen');
    const item = this.message('user', text);
    if (pending) {
      item.classList.add('pending');
      item.appendChild(this.meta('sending'));
    }
    this.append(item);
    return item;
  }

  /** Shows a message of the assistant; false when it has nothing to show. */
  private addBot(a: Activity): boolean {
    const actions = ((a.suggestedActions && a.suggestedActions.actions) || [])
      .map((x) => x.title || (typeof x.value === 'string' ? x.value : ''))
      .filter((title) => title);
    if (!a.text && !actions.length) return false;
    const item = this.message('bot', a.text || '');
    // Buttons that are only shortcuts beside a written answer ("Not sure"): the text box is where the answer goes.
    if (a.channelData && a.channelData.answerBy === 'words') item.setAttribute('data-answer', 'words');
    if (actions.length) {
      const group = el('div', 'actions');
      for (const title of actions) {
        const b = el('button', '', { type: 'button' });
        b.textContent = title;
        b.addEventListener('click', () => {
          if (b.getAttribute('aria-disabled') === 'true') return;
          b.classList.add('chosen');
          this.submit(title);
        });
        group.appendChild(b);
      }
      item.appendChild(group);
    }
    this.append(item);
    const cd = a.channelData;
    if (cd && 'progress' in cd) this.showProgress(cd.progress || null);
    return true;
  }

  private append(item: HTMLElement): void {
    this.log.appendChild(item);
    // Only the newest message's buttons can be used. The others are marked unavailable rather
    // than disabled, and taken out of the Tab order: the one just chosen keeps the focus (a
    // disabled button would drop it to the page's body) until the next question takes it.
    const groups = this.log.querySelectorAll<HTMLElement>('.actions');
    const last = this.log.lastElementChild;
    for (let i = 0; i < groups.length; i++) {
      const usable = groups[i].parentElement === last;
      const buttons = groups[i].querySelectorAll('button');
      for (let j = 0; j < buttons.length; j++) {
        if (usable) {
          buttons[j].removeAttribute('aria-disabled');
          buttons[j].removeAttribute('tabindex');
        } else {
          buttons[j].setAttribute('aria-disabled', 'true');
          buttons[j].setAttribute('tabindex', '-1');
        }
      }
    }
    this.scrollDown();
  }

  /** Says a new message of the assistant once, through the live region (older ones are let go). */
  private announce(text: string): void {
    if (!text) return;
    const p = el('p');
    p.textContent = text;
    this.live.appendChild(p);
    while (this.live.childNodes.length > 3) this.live.removeChild(this.live.firstChild as Node);
  }

  /**
   * After an answer, the focus goes to the next question's first choice, or to the text box when
   * it has none: a keyboard user is where the next answer is. Not when the family has gone on to
   * the firm's page, nor into a message they are writing.
   */
  private focusNext(): void {
    if (!this.isOpen) return;
    const page = document.activeElement;
    const inside = this.shadow.activeElement;
    const ours = page === document.body || page === null || (inside !== null && this.panel.contains(inside));
    if (!ours || (inside === this.input && this.input.value.trim())) return;
    const last = this.log.lastElementChild;
    const choosing = last && last.classList.contains('bot') && last.getAttribute('data-answer') !== 'words';
    const first = choosing && last ? last.querySelector<HTMLButtonElement>('.actions button') : null;
    (first || this.input).focus();
  }

  private scrollDown(): void {
    this.scroll.scrollTop = this.scroll.scrollHeight;
  }

  private showProgress(p: { step: number; of: number } | null): void {
    const valid = !!p && typeof p.step === 'number' && typeof p.of === 'number' && p.of > 0;
    this.lastProgress = valid ? p : null;
    this.progress.hidden = !valid;
    if (!valid || !p) return;
    const text = this.l('progress', { step: p.step, of: p.of });
    this.ptext.textContent = text;
    this.bar.setAttribute('aria-valuemax', String(p.of));
    this.bar.setAttribute('aria-valuenow', String(p.step));
    this.bar.setAttribute('aria-valuetext', text);
    this.bar.setAttribute('aria-label', text);
    this.barFill.style.width = Math.max(0, Math.min(100, (p.step / p.of) * 100)) + '%';
  }

  private setWaiting(on: boolean): void {
    clearTimeout(this.waitTimer);
    this.typing.hidden = !on;
    if (on) this.waitTimer = setTimeout(() => (this.typing.hidden = true), 30000);
    this.scrollDown();
  }

  private onStatus(s: Status): void {
    this.status.hidden = s !== 'offline';
    if (s === 'online' && !this.connected) {
      this.connected = true;
      this.typingText.textContent = this.l('typing');
    }
  }

  private onReset(): void {
    this.clearLog();
    this.keepBox.checked = this.client.remembered;
    this.keepHint.hidden = !this.keepBox.checked;
    this.writeUi();
    this.setWaiting(true);
  }

  private clearLog(): void {
    this.log.textContent = '';
    this.pending.clear();
    this.shownClientIds.clear();
    this.seenIds.clear();
    this.showProgress(null);
  }

  private onActivities(list: Activity[], userId: string, history: boolean): void {
    let spoke = false;
    for (const a of list) {
      if (!a || typeof a !== 'object') continue;
      if (a.id) {
        if (this.seenIds.has(a.id)) continue;
        this.seenIds.add(a.id);
      }
      const from = a.from || {};
      const cid = a.channelData && a.channelData.clientActivityID;
      const mine = from.role === 'user' || (!!userId && from.id === userId) || (!!cid && from.role !== 'bot');
      if (a.type === 'typing') {
        if (!mine) this.setWaiting(true);
        continue;
      }
      if (a.type !== 'message') continue;
      if (mine) {
        const item = cid ? this.pending.get(cid) : undefined;
        if (cid && item) {
          this.pending.delete(cid);
          item.classList.remove('pending', 'failed');
          const extra = item.querySelectorAll('.meta, .retry');
          for (let i = 0; i < extra.length; i++) extra[i].remove();
          continue;
        }
        if (cid && this.shownClientIds.has(cid)) continue;
        if (cid) this.shownClientIds.add(cid);
        const names = (a.attachments || [])
          .map((f) => f.name || '')
          .filter(Boolean)
          .join(', ');
        const shown = this.addUser(a.text || names, false);
        if (!a.text && names) shown.classList.add('file');
        continue;
      }
      const lang = (a.locale || '').slice(0, 2).toLowerCase();
      if (isLang(lang) && lang !== this.lang) this.setLang(lang);
      if (this.addBot(a)) {
        spoke = true;
        if (!history) this.announce(a.text || '');
      }
      if (!this.pending.size) this.setWaiting(false);
    }
    if (spoke && this.answered && !this.pending.size) {
      this.answered = false;
      this.focusNext();
    }
  }
}
