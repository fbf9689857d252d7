/**
 * The HTTP server's connections: how long a client may take, and how many connections one
 * address may hold open.
 *
 * Timeouts (Node's own, answered 408 and closed): the headers must arrive within
 * HEADERS_TIMEOUT_SECONDS of the connection or of the previous request, the whole request (body
 * included) within REQUEST_TIMEOUT_SECONDS; an idle kept-alive connection is closed after
 * KEEP_ALIVE_TIMEOUT_SECONDS. Node's defaults (300 s for a request) let a client sending a byte
 * every few seconds hold a connection for five minutes. A slow reply is not cut: the timeouts end
 * when the request has arrived.
 *
 * The cap: past MAX_CONNECTIONS_PER_IP connections open at once from one address (an IPv6 /64
 * counting as one), a new one is closed as soon as it opens. Connections from TRUSTED_PROXIES
 * are not counted: each carries many clients, and behind a proxy the per-client connection limit
 * is the proxy's to keep (nginx: limit_conn); the timeouts still apply to them.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerConfig } from '../config/env';
import { ipKey, type TrustedProxies } from '../limits/client-ip';
import type { Logger } from '../log';

export interface ConnectionGuard {
  /** Connections open now, per address key (for tests and diagnostics). */
  openFrom(address: string): number;
}

export function guardConnections(http: Server, c: ServerConfig, trusted: TrustedProxies, logger: Logger): ConnectionGuard {
  http.requestTimeout = c.requestTimeoutMs;
  http.headersTimeout = c.headersTimeoutMs;
  http.keepAliveTimeout = c.keepAliveTimeoutMs;
  // How often Node looks for requests past their time (its default, 30 s, would let a 15 s
  // timeout run to 45 s). Read when the server starts listening.
  (http as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(100, Math.min(c.headersTimeoutMs, c.requestTimeoutMs) / 4);

  const open = new Map<string, number>();
  // Refusals are logged at most once a minute, with how many, never with the address.
  let refused = 0;
  let loggedAt = 0;
  if (c.maxConnectionsPerIp > 0) {
    // Before Node's own listener, so that a refused connection never reaches the HTTP parser's
    // reading of it (it is destroyed before any byte is read).
    http.prependListener('connection', (socket: Socket) => {
      const peer = socket.remoteAddress;
      if (!peer || trusted.has(peer)) return;
      const key = ipKey(peer);
      const count = open.get(key) ?? 0;
      if (count >= c.maxConnectionsPerIp) {
        refused++;
        if (Date.now() - loggedAt >= 60_000) {
          logger.warn({ limit: 'connections-per-ip', cap: c.maxConnectionsPerIp, refused }, 'connections refused: too many open from one address');
          loggedAt = Date.now();
          refused = 0;
        }
        socket.destroy();
        return;
      }
      open.set(key, count + 1);
      socket.once('close', () => {
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) open.set(key, left);
        else open.delete(key);
      });
    });
  }
  return { openFrom: (address) => open.get(ipKey(address)) ?? 0 };
}
