// PLACEHOLDER (being built): every method throws until the adapter is written.
import type { AccountStore } from './account-store';

export function createSqliteAccountStore(db: import('better-sqlite3').Database): AccountStore {
  void db;
  return new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`SqliteAccountStore.${String(name)}: not built yet`)) }) as AccountStore;
}
