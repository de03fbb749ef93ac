import sqlite3 from 'sqlite3';

/** A value SQLite can store. */
export type SqlValue = string | number | bigint | null | Buffer | Uint8Array;
export type SqlParams = SqlValue[] | Record<string, SqlValue>;

/** A named, ordered schema change. Names are recorded once applied; never edit a shipped one. */
export interface Migration {
  /** Unique and stable, e.g. "001_fields". Applied in the order given. */
  name: string;
  sql: string;
}

/**
 * A small promise API over one `sqlite3` connection: WAL mode, foreign keys on, a busy timeout,
 * serialised transactions (one per user action) and versioned migrations run at open.
 */
export class Db {
  private constructor(
    private readonly raw: sqlite3.Database,
    readonly path: string,
  ) {}

  private queue: Promise<unknown> = Promise.resolve();

  static async open(path: string, migrations: readonly Migration[] = []): Promise<Db> {
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(d)));
    });
    const db = new Db(raw, path);
    await db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;');
    raw.configure('busyTimeout', 5000);
    await db.migrate(migrations);
    return db;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: SqlParams = []): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) =>
      this.raw.run(sql, params, function (err) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      }),
    );
  }

  get<T = Record<string, unknown>>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.raw.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined))),
    );
  }

  all<T = Record<string, unknown>>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.raw.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  }

  /**
   * Runs `fn` inside BEGIN IMMEDIATE … COMMIT; rolls back if it throws, so nothing is half-written.
   * Transactions on one Db are serialised (sqlite3 shares one connection between callers).
   */
  transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this);
        await this.exec('COMMIT');
        return out;
      } catch (e) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async migrate(migrations: readonly Migration[]): Promise<string[]> {
    await this.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
    );
    const done = new Set(
      (await this.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await this.transaction(async (db) => {
        await db.exec(m.sql);
        await db.run('INSERT INTO schema_migrations(name) VALUES (?)', [m.name]);
      });
      applied.push(m.name);
    }
    return applied;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
  }
}
