/**
 * The client's IP, as a limit key. The socket's address, unless that peer is one of
 * TRUSTED_PROXIES: only then is X-Forwarded-For read. Each proxy appends the address it saw, so
 * the entries are read from the END, skipping our own proxies, and the first address that is not
 * one of them is the client; everything to its left was written by the client itself and could be
 * anything. (A count of proxies, as TRUST_PROXY was, believed the header from whoever reached the
 * port directly.) IPv6 clients are keyed by their /64: one home or phone has a whole /64 to pick from.
 */
import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string } | null;
}

/** "::ffff:1.2.3.4" → "1.2.3.4"; an IPv6 address → its first four groups + "::/64"; else as is. */
export function ipKey(address: string): string {
  const a = bare(address);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) return mapped[1];
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return a || 'unknown';
  return expandIPv6(a).slice(0, 4).join(':') + '::/64';
}

/** Without brackets or a zone. */
function bare(address: string): string {
  return address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
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

/**
 * An address as a proxy writes it into X-Forwarded-For: "1.2.3.4", "1.2.3.4:5678" (some add the
 * port), "2001:db8::1", "[2001:db8::1]:5678"; null when it is none of these.
 */
export function forwardedAddress(entry: string): string | null {
  const s = entry.trim();
  const v4port = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(s);
  if (v4port && isIPv4(v4port[1])) return v4port[1];
  const v6port = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  const candidate = v6port ? v6port[1] : s;
  return isIP(bare(candidate)) ? bare(candidate) : null;
}

/** One TRUSTED_PROXIES entry: an address or a CIDR range; null when it is neither. */
export function parseProxyEntry(entry: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(entry.trim());
  if (!m) return null;
  const address = bare(m[1]);
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (prefix > max) return null;
  return { network: address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The proxies whose X-Forwarded-For is believed: addresses and CIDR ranges, IPv4 and IPv6. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  /** `entries` are checked by the configuration (parseProxyEntry); a bad one here is a bug. */
  constructor(entries: readonly string[] = []) {
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry);
      if (!parsed) throw new Error(`not an address or CIDR range: ${entry}`);
      this.list.addSubnet(parsed.network, parsed.prefix, parsed.family);
    }
    this.size = entries.length;
  }

  /** The peer is one of ours (an IPv4-mapped IPv6 address counts as its IPv4). */
  has(address: string | undefined): boolean {
    if (!this.size || !address) return false;
    const a = bare(address);
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
    if (mapped) return this.list.check(mapped[1], 'ipv4');
    const version = isIP(a);
    if (version === 0) return false;
    return this.list.check(a, version === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The address the request came from: see the top of this file. */
export function clientAddress(req: RequestLike, trusted: TrustedProxies): string {
  const socket = req.socket?.remoteAddress ?? '';
  if (!trusted.has(socket)) return socket;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  // The nearest address known so far: the socket's, then each proxy's in turn.
  let nearest = socket;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].trim() === '') continue;
    const address = forwardedAddress(entries[i]);
    // Not an address: a proxy of ours wrote nonsense (or "unknown"); stop at the last one known.
    if (address === null) return nearest;
    if (!trusted.has(address)) return address;
    nearest = address;
  }
  // Only our own proxies all the way: the farthest of them.
  return nearest;
}

/** The client's IP as a limit key. */
export function clientIp(req: RequestLike, trusted: TrustedProxies): string {
  return ipKey(clientAddress(req, trusted));
}
