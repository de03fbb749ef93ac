import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../fields/db.js';
import { FieldsRepository } from '../../fields/fields-repo.js';
import { ALL_MIGRATIONS } from '../../fields/migrations.js';
import { tempDbPath } from '../helpers/temp-db.js';

const geometry = {
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [105.62, 19.98],
        [105.621, 19.98],
        [105.621, 19.981],
        [105.62, 19.98],
      ],
    ],
  ],
};

describe('SQLite storage', () => {
  let tmp: ReturnType<typeof tempDbPath>;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
    tmp.cleanup();
  });

  it('opens in WAL mode and runs every migration once, in order', async () => {
    tmp = tempDbPath();
    db = await Db.open(tmp.path, ALL_MIGRATIONS);
    expect((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode).toBe('wal');
    const names = (await db.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY rowid')).map(
      (r) => r.name,
    );
    expect(names).toEqual(ALL_MIGRATIONS.map((m) => m.name));
    expect(await db.migrate(ALL_MIGRATIONS)).toEqual([]);
  });

  it('stores, lists in natural order, updates and deletes fields', async () => {
    tmp = tempDbPath();
    db = await Db.open(tmp.path, ALL_MIGRATIONS);
    const repo = new FieldsRepository(db);
    for (const name of ['Thửa 10', 'Thửa 2', 'thửa 1']) await repo.insert({ name, geometry, areaM2: 500 });
    expect((await repo.list()).map((f) => f.name)).toEqual(['thửa 1', 'Thửa 2', 'Thửa 10']);
    const [first] = await repo.list();
    const upd = await repo.update(first!.id, {
      name: 'Ruộng nhà',
      owner: 'Lê Thị Mai',
      geometry,
      areaM2: 480,
    });
    expect(upd).toMatchObject({ name: 'Ruộng nhà', owner: 'Lê Thị Mai', areaM2: 480 });
    expect(await repo.delete(first!.id)).toBe(true);
    expect(await repo.count()).toBe(2);
  });

  it('a failing user action leaves nothing half-written', async () => {
    tmp = tempDbPath();
    db = await Db.open(tmp.path, ALL_MIGRATIONS);
    const repo = new FieldsRepository(db);
    await expect(
      db.transaction(async (tx) => {
        await repo.insert({ name: 'A', geometry, areaM2: 100 }, tx);
        await repo.insert({ name: 'B', geometry, areaM2: -1 }, tx); // CHECK (area_m2 > 0) fails
      }),
    ).rejects.toThrow(/CHECK constraint/);
    expect(await repo.count()).toBe(0);
  });

  it('survives reopening: data is durable after close', async () => {
    tmp = tempDbPath();
    db = await Db.open(tmp.path, ALL_MIGRATIONS);
    await new FieldsRepository(db).insert({ name: 'A', geometry, areaM2: 100 });
    await db.close();
    db = await Db.open(tmp.path, ALL_MIGRATIONS);
    expect(await new FieldsRepository(db).count()).toBe(1);
  });
});
