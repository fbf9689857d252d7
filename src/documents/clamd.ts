/**
 * Malware scanning through clamd's INSTREAM command (unix socket or TCP), as clamd documents it:
 * "zINSTREAM\0", then the content in chunks each preceded by its length (4 bytes, network order),
 * then a zero length; clamd answers "stream: OK" or "stream: <signature> FOUND". A few lines of
 * node:net rather than a package: the npm clients either spawn clamscan or wrap this same exchange
 * with more than we need.
 *
 * Anything but a clear answer (cannot connect, a timeout, "size limit exceeded", a closed socket)
 * is 'unavailable': the caller refuses the file rather than keep it unscanned.
 */
import { createConnection, type Socket } from 'node:net';
import type { ClamdAddress } from '../config/env';

export type ScanResult = 'clean' | 'infected' | 'unavailable';

/** clamd reads at most this much per chunk by default (StreamMaxLength counts the whole). */
const PIECE = 64 * 1024;
export const SCAN_TIMEOUT_MS = 60_000;

function connect(address: ClamdAddress): Socket {
  return 'socket' in address ? createConnection({ path: address.socket }) : createConnection({ host: address.host, port: address.port });
}

export async function scanStream(address: ClamdAddress, content: AsyncIterable<Uint8Array>, timeoutMs = SCAN_TIMEOUT_MS): Promise<ScanResult> {
  const socket = connect(address);
  let reply = '';
  let failed = false;
  const ended = new Promise<void>((resolve) => {
    socket.on('data', (d) => (reply += d.toString('latin1')));
    socket.once('close', () => resolve());
    socket.on('error', () => {
      failed = true;
      resolve();
    });
  });
  const timer = setTimeout(() => {
    failed = true;
    socket.destroy();
  }, timeoutMs);
  const write = (b: Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (socket.destroyed) return reject(new Error('closed'));
      socket.write(b, (err) => (err ? reject(err) : resolve()));
    });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    await write(Buffer.from('zINSTREAM\0', 'latin1'));
    for await (const piece of content) {
      const buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      for (let at = 0; at < buf.length; at += PIECE) {
        const part = buf.subarray(at, at + PIECE);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(part.length);
        await write(Buffer.concat([len, part]));
      }
    }
    await write(Buffer.alloc(4));
    socket.end();
    await ended;
  } catch {
    failed = true;
    socket.destroy();
    await ended;
  } finally {
    clearTimeout(timer);
  }
  // clamd may answer early (a size limit) and close: its words decide, not our writes.
  const answer = reply.replace(/\0/g, '').trim();
  if (/^stream: .+ FOUND$/.test(answer)) return 'infected';
  if (!failed && answer === 'stream: OK') return 'clean';
  return 'unavailable';
}

/** PING → PONG: clamd is up (tests wait on it). */
export async function clamdAnswers(address: ClamdAddress, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(address);
    let reply = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write('zPING\0'));
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\0')) done(reply.startsWith('PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(reply.startsWith('PONG')));
  });
}
