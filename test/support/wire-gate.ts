/**
 * A MongoDB-wire relay between the server under test and its database that can hold requests,
 * so a test decides when the database "answers": hold the next data command (a turn as slow as
 * the test wants, while the database still answers everything else), or freeze every request
 * (a database stopped with SIGSTOP: connections open, nothing answered) and thaw it later.
 * A held request is not lost: it goes on, in order, when released. It reads only each message's
 * header and command name, never what a command carries.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

const OP_MSG = 2013;
/** Commands that are not a store's work: handshakes, monitoring, the health ping, sign-in. */
const CONTROL = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'buildInfo', 'buildinfo', 'saslStart', 'saslContinue', 'endSessions']);

export interface Hold {
  /** Resolves once a data command is held; `connection` is the relay's number for its connection. */
  held: Promise<{ command: string; connection: number }>;
  /** Lets the held command (and what its connection sent after it) go on. */
  release(): void;
}

export interface WireGate {
  /** mongodb://127.0.0.1:<port>/ */
  uri: string;
  /** The next data command, on any connection, is held until release(). */
  holdNext(): Hold;
  /** Resolves on the next reply to `command` sent back to the client, with its connection. */
  answered(command: string): Promise<{ connection: number }>;
  /** From now on nothing is forwarded (new connections are accepted, as by a stopped process). */
  freeze(): void;
  /** Forwards everything held by freeze(), in order per connection. */
  thaw(): void;
  close(): Promise<void>;
}

/** The first key of an OP_MSG's body (its command name), or null for any other message. */
function commandName(msg: Buffer): string | null {
  if (msg.length < 27 || msg.readInt32LE(12) !== OP_MSG || msg[20] !== 0) return null;
  const end = msg.indexOf(0, 26);
  return end < 0 ? null : msg.toString('utf8', 26, end);
}

/** Splits a byte stream into whole wire messages (the first 4 bytes of each are its length). */
function framer(onMessage: (msg: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const n = pending.readInt32LE(0);
      onMessage(pending.subarray(0, n));
      pending = pending.subarray(n);
    }
  };
}

interface Link {
  id: number;
  client: Socket;
  backend: Socket;
  /** Requests not yet forwarded, in order; the first may be held. */
  queue: Buffer[];
  /** Set while the head of the queue is held by holdNext(). */
  holding: boolean;
  /** Request ids of commands whose reply someone waits for, with the command's name. */
  asked: Map<number, string>;
}

export async function startWireGate(target: string): Promise<WireGate> {
  const { hostname, port } = new URL(target);
  const links = new Set<Link>();
  let frozen = false;
  let armed: { resolve: (v: { command: string; connection: number }) => void; link: Link | null } | null = null;
  const waiting: Array<{ command: string; resolve: (v: { connection: number }) => void }> = [];
  let nextId = 0;

  const pump = (link: Link) => {
    while (!frozen && !link.holding && link.queue.length) {
      const msg = link.queue[0];
      const command = commandName(msg);
      if (armed && !armed.link && command !== null && !CONTROL.has(command)) {
        armed.link = link;
        link.holding = true;
        armed.resolve({ command, connection: link.id });
        return;
      }
      link.queue.shift();
      if (command !== null) link.asked.set(msg.readInt32LE(4), command);
      link.backend.write(msg);
    }
  };

  const server: Server = createServer((client) => {
    const backend = createConnection({ host: hostname, port: Number(port) });
    const link: Link = { id: ++nextId, client, backend, queue: [], holding: false, asked: new Map() };
    links.add(link);
    const end = () => {
      links.delete(link);
      client.destroy();
      backend.destroy();
    };
    client.on('error', end).on('close', end);
    backend.on('error', end).on('close', end);
    client.on(
      'data',
      framer((msg) => {
        link.queue.push(Buffer.from(msg));
        pump(link);
      }),
    );
    backend.on(
      'data',
      framer((msg) => {
        client.write(Buffer.from(msg));
        const command = link.asked.get(msg.readInt32LE(8));
        if (command === undefined) return;
        link.asked.delete(msg.readInt32LE(8));
        for (let i = waiting.length - 1; i >= 0; i--) {
          if (waiting[i].command === command) waiting.splice(i, 1)[0].resolve({ connection: link.id });
        }
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    uri: `mongodb://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    holdNext() {
      let resolve!: (v: { command: string; connection: number }) => void;
      const held = new Promise<{ command: string; connection: number }>((r) => (resolve = r));
      const hold = { resolve, link: null as Link | null };
      armed = hold;
      return {
        held,
        release() {
          if (armed === hold) armed = null;
          if (hold.link) {
            hold.link.holding = false;
            // The held message is at the head of its queue: it goes now, without a second look.
            const msg = hold.link.queue.shift();
            if (msg) {
              const command = commandName(msg);
              if (command !== null) hold.link.asked.set(msg.readInt32LE(4), command);
              hold.link.backend.write(msg);
            }
            pump(hold.link);
          }
        },
      };
    },
    answered(command) {
      return new Promise((resolve) => waiting.push({ command, resolve }));
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const link of links) pump(link);
    },
    close() {
      for (const link of links) {
        link.client.destroy();
        link.backend.destroy();
      }
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
