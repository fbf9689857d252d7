/**
 * Who may call /api/messages, and where its replies may go, decided on addresses, not on text.
 *
 * A serviceUrl is parsed by WHATWG URL (as fetch and botbuilder's connector will parse it), and
 * its host is then compared as an address. URL already folds every IPv4 spelling into the dotted
 * form (127.1, 0x7f.1, 0177.0.0.1, 2130706433 and "127.0.0.1." all become 127.0.0.1), lowercases
 * and percent-decodes names (%6c%6fcalhost, LOCALHOST, full-width letters → localhost) and
 * compresses IPv6 ([0:0:0:0:0:0:0:1] → [::1]). What it leaves alone: the brackets around IPv6, an
 * IPv4-mapped IPv6 address ([::ffff:127.0.0.1] → [::ffff:7f00:1], loopback all the same), and a
 * trailing dot on a name ("localhost." is localhost). Those are handled here, and the address
 * itself is tested with node:net's isIP and BlockList (which matches mapped addresses too), never
 * with a regular expression over the text.
 */
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** An IP address (as a socket gives it, or a URL's host without brackets) on this machine's loopback. */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false;
  // A zone index (fe80::1%eth0) is no part of the address.
  const a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(a);
  if (family === 4) return LOOPBACK.check(a, 'ipv4');
  if (family === 6) return LOOPBACK.check(a, 'ipv6');
  return false;
}

/** The URL's host as an address or a name: brackets off, one trailing dot off (a fully qualified name). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

function parsed(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * A URL on this machine's loopback: an IP address in 127.0.0.0/8 or ::1 (IPv4-mapped included), or
 * the name localhost. Other names are not: one that ends in ".localhost", or any name at all, is
 * whatever DNS says at the time of the call, so it proves nothing here.
 */
export function isLoopbackUrl(value: string): boolean {
  const url = parsed(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  const host = hostOf(url);
  return host === 'localhost' || isLoopbackAddress(host);
}

/**
 * The hosts the Bot Framework Connector service answers on, as Microsoft documents them for the
 * serviceUrl of incoming activities: the public cloud's channels (*.botframework.com: Web Chat,
 * Direct Line and the others) and Teams (smba.trafficmanager.net), Azure Government's channels
 * (*.botframework.azure.us), and Teams in the US government clouds (GCC, GCC High, DoD).
 */
const SERVICE_HOSTS = new Set([
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
]);
const SERVICE_DOMAINS = ['botframework.com', 'botframework.azure.us'];

/**
 * A serviceUrl the server may post replies to when MicrosoftAppId is set: https on its default
 * port, no credentials in it, on a Bot Framework host. The bot's token goes to that host with
 * every reply, so nothing else is acceptable (a lookalike such as evil-botframework.com or
 * botframework.com.evil.example is not a subdomain, and is refused).
 */
export function isBotFrameworkServiceUrl(value: string): boolean {
  const url = parsed(value);
  if (!url || url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
  const host = hostOf(url);
  if (isIP(host)) return false;
  return SERVICE_HOSTS.has(host) || SERVICE_DOMAINS.some((d) => host.endsWith(`.${d}`));
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string } | null;
}

/** Headers a reverse proxy adds: a request that carries one came from elsewhere, whatever the socket says. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host', 'via'];

/**
 * The caller is a program on this machine (the Bot Framework Emulator): the TCP peer's address is
 * loopback, and no proxy says it forwarded the request. Headers are only ever a reason to refuse:
 * a proxy on the same machine connects from loopback on behalf of anyone, and says so in them.
 */
export function callerOnThisMachine(req: RequestLike): boolean {
  if (!isLoopbackAddress(req.socket?.remoteAddress)) return false;
  return !FORWARDED.some((h) => req.headers[h] !== undefined);
}
