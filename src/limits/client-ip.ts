/**
 * The client's IP, as a limit key. The socket's address, unless TRUST_PROXY says how many proxies
 * stand in front: each appends the address it saw to X-Forwarded-For, so the client is that many
 * entries from the END (the entries before are whatever the client itself sent, and could be
 * anything). IPv6 clients are keyed by their /64: one home or phone has a whole /64 to pick from.
 */
import { isIPv4, isIPv6 } from 'node:net';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string } | null;
}

/** "::ffff:1.2.3.4" → "1.2.3.4"; an IPv6 address → its first four groups + "::/64"; else as is. */
export function ipKey(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) return mapped[1];
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return a || 'unknown';
  return expandIPv6(a).slice(0, 4).join(':') + '::/64';
}

function expandIPv6(a: string): string[] {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part is two groups.
  const last = right.length ? right : left;
  if (last.length && last[last.length - 1].includes('.')) {
    const [x, y, z, w] = last.pop()!.split('.').map(Number);
    last.push(((x << 8) | y).toString(16), ((z << 8) | w).toString(16));
  }
  const missing = tail === null ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => parseInt(g, 16).toString(16));
}

export function clientIp(req: RequestLike, trustProxy: number): string {
  const socket = req.socket?.remoteAddress ?? '';
  if (trustProxy > 0) {
    const header = req.headers['x-forwarded-for'];
    const entries = (Array.isArray(header) ? header.join(',') : header ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // With n proxies, the nth entry from the end was written by the outermost one we trust.
    const candidate = entries[entries.length - trustProxy];
    if (candidate && (isIPv4(candidate) || isIPv6(candidate.replace(/^\[|\]$/g, '')))) return ipKey(candidate);
  }
  return ipKey(socket);
}
