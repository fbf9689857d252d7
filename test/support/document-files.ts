/**
 * Real documents for the upload tests: a one-page PDF (pdfkit), a photo (PNG), and things that
 * only pretend to be documents.
 */
import PDFDocument from 'pdfkit';

/** A real one-page PDF with `text` on it. */
export function pdfFile(text = 'To whom it may concern: this patient needs treatment.'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

/** A 1x1 PNG, well-formed. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Words in a file named like a PDF. */
export const TEXT_AS_PDF = Buffer.from('this is not a pdf at all, just words\n'.repeat(20));
