/**
 * PDFs are made off the server's event loop, in worker threads (render-worker.ts): a render is
 * CPU-bound (pdfkit lays out every line), and while it ran on the main thread every other request
 * waited, /healthz included. The input is bounded too (bounds.ts), so a render takes a bounded
 * time in the worker.
 *
 * At most `size` renders run at once (one by default: PDFs are made when an attorney asks, and the
 * machine's cores serve the families' turns); more wait in line. Workers are started when needed,
 * let go after `idleMs` without work, and capped in memory: a worker that fails or runs out of
 * memory fails its one render (a 500 for that PDF) and is replaced, and the server goes on.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IntakePdfInput } from './intake-pdf';
import type { RenderJob, RenderReply } from './render-worker';

export interface PdfWorkersOptions {
  size?: number;
  idleMs?: number;
  memoryMb?: number;
}

interface Pending {
  id: number;
  input: IntakePdfInput;
  resolve(pdf: Buffer): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}

export class PdfWorkers {
  private readonly size: number;
  private readonly idleMs: number;
  private readonly memoryMb: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /** Shared with the workers: 1 holds each render at its start (see hold). */
  private readonly gate = new Int32Array(new SharedArrayBuffer(4));
  private seq = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** 'started' (id): a worker has taken a render. */
  readonly events = new EventEmitter();

  constructor(o: PdfWorkersOptions = {}) {
    this.size = Math.max(1, o.size ?? 1);
    this.idleMs = o.idleMs ?? 60_000;
    this.memoryMb = o.memoryMb ?? 512;
  }

  /** Renders in a worker; resolves with the whole file. */
  render(input: IntakePdfInput): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: ++this.seq, input, resolve, reject });
      this.pump();
    });
  }

  /** Renders waiting for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Holds every render at its start, inside its worker, until the returned function is called:
   * for tests that check what the server does while a PDF is being made (a long render, without
   * measuring time).
   */
  hold(): () => void {
    Atomics.store(this.gate, 0, 1);
    return () => {
      Atomics.store(this.gate, 0, 0);
      Atomics.notify(this.gate, 0);
    };
  }

  /** Stops the workers; renders not finished fail. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.reject(new Error('the PDF workers were closed'));
    Atomics.store(this.gate, 0, 0);
    Atomics.notify(this.gate, 0);
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.job) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) break;
      const job = this.queue.shift()!;
      slot.job = job;
      // A worker at work keeps the process alive; an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, input: job.input } satisfies RenderJob);
    }
    if (this.slots.length && this.slots.every((s) => !s.job)) {
      this.idleTimer = setTimeout(() => void this.retire(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  /** Idle workers are let go (pdfkit and its fonts hold memory); the next render starts one. */
  private async retire(): Promise<void> {
    const idle = this.slots.filter((s) => !s.job);
    for (const s of idle) this.slots.splice(this.slots.indexOf(s), 1);
    await Promise.all(idle.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = workerThread({ gate: this.gate }, this.memoryMb);
    const slot: Slot = { worker, job: null };
    const fail = (err: Error) => {
      const job = slot.job;
      slot.job = null;
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      job?.reject(err);
      void worker.terminate();
      this.pump();
    };
    worker.on('message', (m: RenderReply) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      if ('started' in m) {
        this.events.emit('started', m.id);
        return;
      }
      slot.job = null;
      worker.unref();
      if ('pdf' in m) job.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
      else job.reject(new Error(`the PDF could not be made: ${m.error}`));
      this.pump();
    });
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`the PDF worker stopped (exit code ${code})`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

/** The worker: the compiled file when running from dist/, the TypeScript source (through ts-node) in development and tests. */
function workerThread(workerData: unknown, memoryMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: memoryMb };
  if (__filename.endsWith('.js')) return new Worker(join(__dirname, 'render-worker.js'), { workerData, resourceLimits });
  const source = join(__dirname, 'render-worker.ts');
  const code = `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(source)});`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

/** The server's workers, shared by every PDF it makes. */
export const pdfWorkers = new PdfWorkers();

/** The intake's PDF, made in a worker thread. */
export function renderIntakePdfOffThread(input: IntakePdfInput): Promise<Buffer> {
  return pdfWorkers.render(input);
}
