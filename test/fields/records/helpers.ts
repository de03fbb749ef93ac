import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../../fields/db.js';
import { ALL_MIGRATIONS } from '../../../fields/migrations.js';

/** A fresh database with every migration in a temp folder; `cleanup()` closes and removes it. */
export async function tempDb(): Promise<{ db: Db; path: string; dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'agrispray-rec-'));
  const path = join(dir, 'test.sqlite');
  const db = await Db.open(path, ALL_MIGRATIONS);
  return {
    db,
    path,
    dir,
    cleanup: async () => {
      await db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
