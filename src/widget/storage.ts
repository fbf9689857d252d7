/**
 * Where the widget keeps what it needs on the device (the conversation's token, the language, the
 * panel open or not). A library computer or a shelter's phone is shared: by default everything is
 * in sessionStorage, which ends with the tab, so the next person opening the site finds nothing of
 * the last family's. A family that asks to "continue later on this device" has it moved to
 * localStorage, which outlives the browser; ending the conversation clears both.
 */

type Kind = 'session' | 'local';

function area(kind: Kind): Storage | null {
  try {
    return kind === 'session' ? window.sessionStorage : window.localStorage;
  } catch {
    // Storage refused (some private modes, sandboxed frames): nothing survives a reload.
    return null;
  }
}

function get(kind: Kind, key: string): string | null {
  try {
    const s = area(kind);
    return s ? s.getItem(key) : null;
  } catch {
    return null;
  }
}

function put(kind: Kind, key: string, value: string | null): void {
  try {
    const s = area(kind);
    if (!s) return;
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
  } catch {
    // Full or refused: the item is simply not kept.
  }
}

export class DeviceStorage {
  /** True when the family chose to continue later on this device (localStorage). */
  private kept: boolean;

  /** `names` are every key this widget stores under, so that a move or a clear takes them all. */
  constructor(private readonly names: readonly string[]) {
    // This tab's own session first; else what a family chose to keep on the device.
    const inTab = names.some((n) => get('session', n) !== null);
    this.kept = !inTab && names.some((n) => get('local', n) !== null);
  }

  get remembered(): boolean {
    return this.kept;
  }

  read<T>(name: string): T | null {
    try {
      return JSON.parse(get(this.kept ? 'local' : 'session', name) || 'null') as T | null;
    } catch {
      return null;
    }
  }

  /** Written where the family's choice says (a move between the two is remember's, a removal from both clear's). */
  write(name: string, value: unknown): void {
    put(this.kept ? 'local' : 'session', name, value === null || value === undefined ? null : JSON.stringify(value));
  }

  /** Moves everything to localStorage (keep) or back to sessionStorage (do not keep). */
  remember(keep: boolean): void {
    if (keep === this.kept) return;
    const from: Kind = this.kept ? 'local' : 'session';
    const to: Kind = keep ? 'local' : 'session';
    for (const n of this.names) {
      const v = get(from, n);
      put(to, n, v);
      put(from, n, null);
    }
    this.kept = keep;
  }

  /** Removes everything, from both; what comes next is kept for this tab only. */
  clear(): void {
    for (const n of this.names) {
      put('session', n, null);
      put('local', n, null);
    }
    this.kept = false;
  }
}
