/**
 * Files at rest readable by the server's own user only. The SQLite files hold phone numbers in
 * clear (the routing address) beside sealed text, the spool holds messages waiting for the
 * database, the key files hold the keys: made 0600 (folders 0700), and files left broader by an
 * earlier version tightened at start. SQLite makes a database's -wal and -shm files with the
 * database file's own permissions, so a database file made 0600 keeps them 0600 too.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/** The folder, made 0700 if it does not exist (an existing folder is the operator's: left as it is). */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Only the owner may read or write it (always true where files have no POSIX modes). */
export function isPrivate(file: string): boolean {
  if (process.platform === 'win32') return true;
  return (statSync(file).mode & 0o077) === 0;
}

/**
 * The file made 0600 (created empty when `create` and missing); false when it is still open to
 * others afterwards (owned by another user, a read-only or mode-less filesystem).
 */
export function privateFile(file: string, create = false): boolean {
  if (create) closeSync(openSync(file, 'a', 0o600));
  if (!existsSync(file)) return true;
  if (isPrivate(file)) return true;
  try {
    chmodSync(file, 0o600);
  } catch {
    // Reported by the caller: the check below says so.
  }
  return isPrivate(file);
}

/**
 * A SQLite database and its -wal and -shm files made private, the database created (empty, which
 * SQLite takes for a new database) if missing. Returns the files still open to others.
 */
export function privateSqlite(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`].filter((f, i) => !privateFile(f, i === 0));
}
