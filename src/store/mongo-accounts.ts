// PLACEHOLDER (being built): every method throws until the adapter is written.
import type { AccountStore } from './account-store';

export function createMongoAccountStore(db: import('mongodb').Db): AccountStore {
  void db;
  return new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`MongoAccountStore.${String(name)}: not built yet`)) }) as AccountStore;
}
