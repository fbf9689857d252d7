/**
 * The one script of the dashboard, on the intake page only: while the page is open (and seen),
 * it asks every few seconds for the transcript and the texts' states (GET /intakes/:id/live) and
 * puts them in place when they changed, so the family's replies appear while the attorney writes
 * (the compose box is left alone: nothing typed is lost). Served from this origin as a file:
 * the page's CSP allows script from 'self' only, and no inline script. Without script, the page
 * has a link to load it again.
 */
import { SECURITY_HEADERS } from './respond';

export const LIVE_SCRIPT_PATH = '/dashboard/live.js';

/** How often the page asks (ms): a family's SMS reply shows within this. */
export const LIVE_EVERY_MS = 5000;

/** The intake page's CSP: the dashboard's, plus this script and its requests, both same-origin. */
export const LIVE_PAGE_CSP = `${SECURITY_HEADERS['Content-Security-Policy']}; script-src 'self'; connect-src 'self'`;

export const LIVE_SCRIPT = `(function () {
  'use strict';
  var section = document.getElementById('transcript');
  if (!section || !section.getAttribute('data-live') || !window.fetch) return;
  var url = section.getAttribute('data-live');
  var version = section.getAttribute('data-version');
  var busy = false;
  function tick() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(url + '?since=' + encodeURIComponent(version), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d || !d.transcript || d.version === version) return;
        version = d.version;
        var t = document.getElementById('transcript');
        if (t) t.outerHTML = d.transcript;
        var x = document.getElementById('texts-box');
        if (x) x.innerHTML = d.texts;
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  setInterval(tick, ${LIVE_EVERY_MS});
})();
`;
