/**
 * Opens the stores the configuration names: MongoDB when MONGODB_URI is set (connected, its
 * indexes made), else the embedded SQLite file in DATA_DIR. The conversation store, the firm-side
 * store (handling, escalations, outbox, audit) and the accounts share one connection. The SQLite
 * files are made (or tightened to) 0600; given a logger, any that stays open to others is named.
 */
import type { CipherKey } from './cipher';
import { FieldCipher } from './cipher';
import type { AccountStore } from './account-store';
import type { HandoffStore } from './handoff-store';
import { MongoStore } from './mongo';
import { createMongoAccountStore } from './mongo-accounts';
import { createMongoHandoffStore } from './mongo-handoff';
import { SqliteStore } from './sqlite';
import { createSqliteAccountStore } from './sqlite-accounts';
import { createSqliteHandoffStore } from './sqlite-handoff';
import type { Store } from './store';
import type { DocumentStorage } from '../documents/storage';
import { createMongoDocumentStorage } from '../documents/mongo-documents';
import { createSqliteDocumentStorage } from '../documents/sqlite-documents';

export interface Stores {
  store: Store;
  handoff: HandoffStore;
  accounts: AccountStore;
  /** The documents families send: their sealed content and records (src/documents). */
  documents: DocumentStorage;
  kind: 'mongodb' | 'sqlite';
  /** FerretDB answers as MongoDB but is safe for one instance only. */
  onFerretDb: boolean;
  /** Closes the one connection they share. */
  close(): Promise<void>;
}

export async function openStores(o: {
  mongodbUri: string | null;
  dataDir: string;
  keys: CipherKey[];
  logger?: { warn(fields: Record<string, unknown>, message: string): void };
}): Promise<Stores> {
  const cipher = new FieldCipher(o.keys);
  if (o.mongodbUri) {
    const store = await MongoStore.open(o.mongodbUri, cipher);
    try {
      return {
        store,
        handoff: await createMongoHandoffStore(store.database, cipher),
        accounts: await createMongoAccountStore(store.database),
        documents: await createMongoDocumentStorage(store.database),
        kind: 'mongodb',
        onFerretDb: store.onFerretDb,
        close: () => store.close(),
      };
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }
  const store = new SqliteStore(o.dataDir, cipher);
  for (const file of store.exposedFiles)
    o.logger?.warn({ file }, 'a data file is readable by other users and could not be made 0600: change its owner or mode');
  return {
    store,
    handoff: createSqliteHandoffStore(store.db, cipher),
    accounts: createSqliteAccountStore(store.db),
    documents: createSqliteDocumentStorage(store.db, o.dataDir),
    kind: 'sqlite',
    onFerretDb: false,
    close: () => store.close(),
  };
}
