/**
 * Raw HTTP for the fuzz test: node:http over keep-alive connections, so a request can carry any
 * method, header, content type and body bytes (fetch normalises some of them), and a pool that
 * keeps a fixed number of requests in flight.
 */
import { Agent, request } from 'node:http';

export interface FuzzRequest {
  /** Which generator made it: named when it fails. */
  family: string;
  method: string;
  /** Already percent-encoded: node:http refuses a path with raw spaces or non-ASCII. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /**
   * What a request may have written under (a sender's number, a conversation id): when the
   * request is refused, nothing in the store may carry it.
   */
  tags?: string[];
  /** Sent chunked (Transfer-Encoding), without a Content-Length. */
  chunked?: boolean;
  /** The one answer it must get (a body refused before it is read), when there is one. */
  expectStatus?: number;
}

export interface FuzzResponse {
  /** 0: no HTTP answer at all (the connection failed or was cut). */
  status: number;
  body: string;
  error?: string;
}

/** Long enough for a turn on a loaded 2-core machine; a request never answered is a failure, not a wait. */
const NO_ANSWER_MS = 30_000;

export function keepAliveAgent(inFlight: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: inFlight });
}

export function send(base: string, agent: Agent, r: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: FuzzResponse) => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    let req;
    try {
      req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: r.method,
          path: r.path,
          // Content-Length is always the body's real length (a lie would only hang the connection), or chunked.
          headers: r.chunked ? { ...r.headers, 'transfer-encoding': 'chunked' } : { ...r.headers, 'content-length': String(r.body?.length ?? 0) },
          timeout: NO_ANSWER_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (err) => done({ status: res.statusCode ?? 0, body: '', error: err.message }));
        },
      );
    } catch (err) {
      // node:http refused to send it (an invalid header character): a bug of the generator.
      return done({ status: -1, body: '', error: (err as Error).message });
    }
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', (err) => done({ status: 0, body: '', error: err.message }));
    if (r.chunked && r.body) {
      // In several chunks.
      for (let i = 0; i < r.body.length; i += 16 * 1024) req.write(r.body.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(r.body);
  });
}

/** Sends every request, `inFlight` at a time; `each` sees each answer as it comes. */
export async function sendAll(
  base: string,
  requests: readonly FuzzRequest[],
  inFlight: number,
  each: (r: FuzzRequest, res: FuzzResponse, index: number) => void,
): Promise<void> {
  const agent = keepAliveAgent(inFlight);
  let next = 0;
  async function worker() {
    while (next < requests.length) {
      const i = next++;
      each(requests[i], await send(base, agent, requests[i]), i);
    }
  }
  try {
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    agent.destroy();
  }
}
