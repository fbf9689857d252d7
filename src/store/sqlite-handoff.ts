// PLACEHOLDER (being built): every method throws until the adapter is written.
import type { HandoffStore } from './handoff-store';

export function createSqliteHandoffStore(db: import('better-sqlite3').Database, cipher: import('./cipher').FieldCipher): HandoffStore {
  void db;
  void cipher;
  return new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`SqliteHandoffStore.${String(name)}: not built yet`)) }) as HandoffStore;
}
