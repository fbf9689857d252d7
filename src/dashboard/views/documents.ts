/**
 * The intake page's evidence card once documents can be received: each checklist item received
 * (with its files) or missing (with a button that asks the family for it), then the files sent as
 * "other" with the family's description. Each file: its kind, size, when and how it came, whether it
 * was kept as received (not re-encoded), a preview (images inline, small; PDFs opened in the
 * browser) and a download. Phone-first: one column, big tap targets, nothing wider than the screen.
 */
import type { DocumentInfo } from '../../documents/contract';
import type { FirmText } from '../../i18n/firm-text';
import { firmLabels } from '../../i18n/labels';
import { previewable, type ReceivedDocuments, type ReceivedItem } from '../../summary/received-documents';
import { formatTime } from '../format';
import { html } from '../html';
import { postButton } from './layout';

export interface DocumentsViewData {
  t: FirmText;
  timeZone: string;
  csrfToken: string;
  intakeId: string;
  /** The family's language, for their descriptions. */
  language: string;
  received: ReceivedDocuments;
}

/** "820 bytes", "34 KB", "1.4 MB": enough to tell a scan from a photo. */
export function fileSize(t: FirmText, bytes: number): string {
  if (bytes < 1024) return t('documents.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('documents.kb', { n: Math.round(bytes / 1024) });
  return t('documents.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

/** Where a file is served: shown in the browser (inline) or saved (download). */
export function documentHref(intakeId: string, id: string, o: { download: boolean }): string {
  return `/intakes/${encodeURIComponent(intakeId)}/documents/${encodeURIComponent(id)}${o.download ? '/download' : ''}`;
}

function file(v: DocumentsViewData, d: DocumentInfo) {
  const { t } = v;
  const l = firmLabels();
  const view = documentHref(v.intakeId, d.id, { download: false });
  const isImage = d.kind !== 'pdf';
  // An image the browser can show is its own preview; a PDF opens in the browser's viewer.
  const preview = !previewable(d)
    ? html`<p class="meta">${t('documents.noPreview')}</p>`
    : isImage
      ? html`<a class="thumb" href="${view}" target="_blank" rel="noopener"><img src="${view}" alt="${t('documents.previewOf', { item: d.displayName })}" loading="lazy"></a>`
      : '';
  return html`<li class="file" data-document="${d.id}">
${preview}<div class="file-name">${d.displayName}</div>
<div class="meta">${l('documentKind', d.kind)} · ${fileSize(t, d.size)} · ${formatTime(d.receivedAt, v.timeZone)} · ${t('documents.via', { source: l('documentSource', d.source) })}</div>
${d.description ? html`<div class="words" lang="${v.language}">${d.description}</div>` : ''}
${d.reencoded ? '' : html`<div class="meta kept">${isImage ? t('documents.keptPhoto') : t('documents.keptAsReceived')}</div>`}
<div class="actions">${previewable(d) ? html`<a class="button secondary" href="${view}" target="_blank" rel="noopener">${isImage ? t('documents.open') : t('documents.openPdf')}</a>` : ''}<a class="button secondary" href="${documentHref(v.intakeId, d.id, { download: true })}" download>${t('documents.download')}</a></div>
</li>`;
}

function item(v: DocumentsViewData, i: ReceivedItem) {
  const { t } = v;
  const received = i.files.length > 0;
  return html`<li class="item ${received ? 'received' : 'missing'}" id="item-${i.key}" data-item="${i.key}">
<div class="item-head"><span class="state ${received ? 'received' : 'missing'}">${received ? t('documents.received') : t('documents.missing')}</span> <span class="item-name">${i.name}</span></div>
${received ? html`<ul class="files">${i.files.map((d) => file(v, d))}</ul>` : ''}
${
  !received && i.onChecklist
    ? html`<div class="actions">${postButton(`/intakes/${encodeURIComponent(v.intakeId)}/documents/ask`, v.csrfToken, t('documents.ask'), { item: i.key }, 'secondary')}</div>`
    : ''
}
</li>`;
}

export function documentsCard(v: DocumentsViewData) {
  const { t, received: r } = v;
  const onList = r.items.filter((i) => i.onChecklist);
  const got = onList.filter((i) => i.files.length > 0).length;
  return html`<section class="card" id="evidence"><h2>${t('documents.title')}</h2>
<p class="meta" id="documents-count">${t('documents.summary', { received: got, items: onList.length, count: r.count })}</p>
${r.items.length ? html`<ul class="checklist">${r.items.map((i) => item(v, i))}</ul>` : html`<p>${t('intake.nothing')}</p>`}
<h3>${t('documents.other')}</h3>
${r.other.length ? html`<ul class="files" id="other-documents">${r.other.map((d) => file(v, d))}</ul>` : html`<p>${t('documents.noOther')}</p>`}
</section>`;
}
