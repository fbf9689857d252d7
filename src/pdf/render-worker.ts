/**
 * A worker thread that makes PDFs (see pdf-workers.ts): the main thread posts an intake's input,
 * this thread renders it with pdfkit and posts the file back. The server's event loop is never
 * held by a render, however long.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderIntakePdf, type IntakePdfInput } from './intake-pdf';

export interface RenderJob {
  id: number;
  input: IntakePdfInput;
}

export type RenderReply = { id: number; started: true } | { id: number; pdf: Uint8Array } | { id: number; error: string };

/** Closed (1) while renders are held at their start; open (0) otherwise. See PdfWorkers.hold. */
const gate = (workerData as { gate?: Int32Array } | undefined)?.gate;

const port = parentPort;
if (port) {
  port.on('message', (job: RenderJob) => {
    port.postMessage({ id: job.id, started: true } satisfies RenderReply);
    if (gate) Atomics.wait(gate, 0, 1);
    // A throw as much as a rejection fails this one render, not the worker.
    Promise.resolve(job.input)
      .then(renderIntakePdf)
      .then(
        (pdf) => {
          // A copy of its own, so that what is transferred is exactly the file.
          const out = new Uint8Array(pdf);
          port.postMessage({ id: job.id, pdf: out } satisfies RenderReply, [out.buffer]);
        },
        (err: unknown) => port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies RenderReply),
      );
  });
}
