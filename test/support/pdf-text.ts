/**
 * A PDF's text, read by pdf-parse (pdf.js) in a separate Node process: pdf.js loads its worker
 * with a dynamic import, which jest's module sandbox does not allow without experimental flags.
 * The PDF goes in on stdin; the text of each page comes back as JSON.
 */
import { spawn } from 'node:child_process';

export interface PdfText {
  /** The number of pages. */
  total: number;
  /** Each page's text, in order. */
  pages: string[];
  /** All pages' text. */
  text: string;
}

const READER = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const r = await parser.getText();
    process.stdout.write(JSON.stringify({ total: r.total, pages: r.pages.map((p) => p.text), text: r.text }));
  } catch (err) {
    process.stderr.write(String(err && err.message));
    process.exitCode = 1;
  } finally {
    await parser.destroy();
  }
});
`;

export function pdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-deprecation', '-e', READER], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pdf-parse failed (${code}): ${Buffer.concat(err).toString()}`));
      else resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as PdfText);
    });
    child.stdin.end(pdf);
  });
}
