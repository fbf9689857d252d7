/**
 * An XState actor whose errors come back to the caller, synchronously.
 *
 * XState 5 catches what an action or a guard throws, and what restoring a snapshot throws (a
 * state that does not exist): the actor's snapshot gets status 'error' and the error goes to
 * the actor's error observers. With no error observer, XState rethrows it from a timer
 * (reportUnhandledError: setTimeout(() => { throw err })), where nobody can catch it and the
 * process exits. So every actor the engine creates goes through here: an error observer is
 * subscribed before anything runs, the status is checked after every step, and the first error
 * is thrown here as an ActorFailed, in the caller's stack.
 */
import { createActor, type AnyStateMachine, type EventFromLogic, type InputFrom, type SnapshotFrom } from 'xstate';

export class ActorFailed extends Error {
  override readonly name = 'ActorFailed';
  constructor(
    readonly during: 'restore' | 'start' | 'event',
    cause: unknown,
  ) {
    super(`statechart failed during ${during}`, { cause });
  }
}

export class WatchedActor<M extends AnyStateMachine> {
  private readonly actor;
  private failure: { error: unknown } | null = null;
  /** What the chart emitted (say, reprompt...), in order. */
  readonly emitted: Array<{ type: string }> = [];

  constructor(machine: M, from: { snapshot: unknown } | { input: InputFrom<M> }) {
    this.actor = createActor(machine, from as never);
    // Before start: an error while starting goes to this observer, not to a timer.
    this.actor.subscribe({ error: (error: unknown) => (this.failure ??= { error }) });
    this.actor.on('*', (e: { type: string }) => {
      this.emitted.push(e);
    });
    // A snapshot that cannot be restored makes the actor start in error: it is not started at all.
    const restored = this.actor.getSnapshot() as { status: string; error?: unknown };
    if (restored.status === 'error') {
      this.failure ??= { error: restored.error };
      this.actor.stop();
      throw new ActorFailed('restore', restored.error);
    }
  }

  start(): this {
    this.actor.start();
    this.check('start');
    return this;
  }

  send(event: EventFromLogic<M>): void {
    this.actor.send(event);
    this.check('event');
  }

  snapshot(): SnapshotFrom<M> {
    return this.actor.getSnapshot();
  }

  persisted(): Record<string, unknown> {
    return this.actor.getPersistedSnapshot() as unknown as Record<string, unknown>;
  }

  stop(): void {
    this.actor.stop();
  }

  private check(during: ActorFailed['during']) {
    const status = (this.actor.getSnapshot() as { status: string }).status;
    if (this.failure || status === 'error') {
      const error = this.failure?.error ?? (this.actor.getSnapshot() as { error?: unknown }).error;
      this.actor.stop();
      throw new ActorFailed(during, error);
    }
  }
}
