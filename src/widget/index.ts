/**
 * widget.js: the firm's website chat, embedded with one script tag:
 *
 *   <script src="https://host/widget.js" data-server="https://host" data-lang="fr"
 *           data-accent="#0b5fff" async></script>
 *
 * data-server defaults to the script's own origin; data-lang to the page's, then the browser's
 * language when it is English, French or Spanish, else English.
 */
import { langOf, type Lang } from './i18n';
import { Widget } from './ui';

const HOST_ID = 'parole-intake-widget';
const DEFAULT_ACCENT = '#0b5fff';

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const scripts = document.querySelectorAll<HTMLScriptElement>('script[src]');
  for (let i = scripts.length - 1; i >= 0; i--) if (/\/widget\.js(\?|#|$)/.test(scripts[i].src)) return scripts[i];
  return null;
}

function pickLang(asked: string | undefined): Lang {
  const fromPage = langOf(document.documentElement.getAttribute('lang'));
  const browser = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]).map(langOf);
  const found = [langOf(asked), fromPage, ...browser].filter((l): l is Lang => l !== null);
  return found.length ? found[0] : 'en';
}

function serverOf(script: HTMLScriptElement | null): string {
  const given = script && script.dataset.server;
  let base = location.origin;
  try {
    if (given) base = new URL(given, location.href).href;
    else if (script && script.src) base = new URL(script.src, location.href).origin;
  } catch {
    // A malformed data-server: the page's own origin.
  }
  return base.replace(/\/+$/, '');
}

const script = ownScript();

function start(): void {
  if (document.getElementById(HOST_ID)) return;
  const host = document.createElement('div');
  host.id = HOST_ID;
  document.body.appendChild(host);
  const data = script ? script.dataset : ({} as DOMStringMap);
  new Widget(host, { server: serverOf(script), lang: pickLang(data.lang), accent: data.accent || DEFAULT_ACCENT });
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start);
