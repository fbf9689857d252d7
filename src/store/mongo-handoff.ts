// PLACEHOLDER (being built): every method throws until the adapter is written.
import type { HandoffStore } from './handoff-store';

export function createMongoHandoffStore(db: import('mongodb').Db, cipher: import('./cipher').FieldCipher): HandoffStore {
  void db;
  void cipher;
  return new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`MongoHandoffStore.${String(name)}: not built yet`)) }) as HandoffStore;
}
