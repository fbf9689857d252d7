/**
 * The banner on every signed-in page while an emergency would page nobody (src/handoff/reach.ts):
 * the attorneys and the firm's IT see it where they work, not only in the start-up log.
 */
import type { Config } from '../../config/env';
import type { FirmText } from '../../i18n/firm-text';
import { noticeGaps, pagesAPerson } from '../../handoff/reach';
import { html, type SafeHtml } from '../html';

export function pagingBanner(t: FirmText, config: Pick<Config, 'handoff' | 'twilio'>): SafeHtml | null {
  if (pagesAPerson(config)) return null;
  const variables = noticeGaps(config)
    .filter((g) => g.path === 'oncall' || g.path === 'backup')
    .flatMap((g) => g.variables);
  return html`<p class="flash bad" role="alert" id="no-pager">${t('app.noPager', { variables: variables.join(', ') })}</p>`;
}
