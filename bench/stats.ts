/**
 * The figures of a run: latency percentiles over every turn, and the server's memory sampled from
 * /proc while the load runs (Linux). Pure except for the sampler, which reads /proc.
 */
import { readFileSync } from 'node:fs';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles, in milliseconds rounded to 0.1. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0);
  const round = (x: number) => Math.round(x * 10) / 10;
  const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : 0;
  return { count: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted.at(-1) ?? 0), mean: round(mean) };
}

/** A field of /proc/<pid>/status in MB (VmRSS: resident now; VmHWM: the peak resident so far). */
export function procMemoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time a process has used so far, user and system (/proc/<pid>/stat), in milliseconds. The
 * difference over a run, divided by its turns, is the server's CPU per turn: a figure that does
 * not depend on how many turns wait in line, so it moves little when the machine is busy.
 */
export function procCpuMs(pid: number): { user: number; system: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (ticks: string) => (Number(ticks) * 1000) / CLOCK_TICKS_PER_SECOND;
    return { user: ms(fields[11]), system: ms(fields[12]) }; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on Linux on every architecture Node runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Samples a process's resident memory every 100 ms; peak() is the highest sample (or VmHWM, whichever is higher). */
export class MemorySampler {
  private peakMb = 0;
  private lastMb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample() {
    const rss = procMemoryMb(this.pid, 'VmRSS');
    if (rss !== null) {
      this.lastMb = rss;
      this.peakMb = Math.max(this.peakMb, rss);
    }
  }

  /** The peak resident memory seen so far, in MB. */
  peak(): number {
    this.sample();
    return Math.max(this.peakMb, procMemoryMb(this.pid, 'VmHWM') ?? 0);
  }

  /** The peak seen by sampling only (VmHWM cannot be reset between phases). */
  sampledPeak(): number {
    this.sample();
    return this.peakMb;
  }

  last(): number {
    return this.lastMb;
  }

  /** Starts a new phase: the sampled peak restarts from the current value. */
  reset(): void {
    this.peakMb = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
