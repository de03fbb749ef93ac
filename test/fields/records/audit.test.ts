import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../fields/db.js';
import { ALL_MIGRATIONS } from '../../../fields/migrations.js';
import {
  appendAudit,
  auditHead,
  contentSha256,
  listAudit,
  recordAudit,
  verifyAudit,
} from '../../../fields/records/audit.js';
import { tempDb } from './helpers.js';

async function chainOf(db: Db, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await recordAudit(db, {
      kind: i === 1 ? 'field.created' : 'field.edited',
      subject: 'field:lo-5',
      actor: 'Lan',
      data: { name: 'Lô 5', areaM2: 1000 + i, step: i },
      at: new Date(Date.UTC(2026, 10, 29, 3, 0, i)),
    });
  }
}

describe('audit chain', () => {
  it('appends linked events and verifies OK with the count', async () => {
    const t = await tempDb();
    try {
      await chainOf(t.db, 5);
      const v = await verifyAudit(t.db);
      expect(v).toMatchObject({ ok: true, count: 5, head: { seq: 5 } });
      const rows = await listAudit(t.db);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
      expect(rows[2]!.data).toEqual({ areaM2: 1003, name: 'Lô 5', step: 3 });
      expect(await verifyAudit(t.db, { expectHead: (await auditHead(t.db))! })).toMatchObject({ ok: true });
    } finally {
      await t.cleanup();
    }
  });

  it('content hashes are stable across key order and keep NaN distinct from 0 (mission items)', () => {
    const item = { seq: 3, command: 16, param4: Number.NaN, x: 10.5, y: 105.7 };
    expect(contentSha256(item)).toBe(
      contentSha256({ y: 105.7, x: 10.5, param4: Number.NaN, command: 16, seq: 3 }),
    );
    expect(contentSha256(item)).not.toBe(contentSha256({ ...item, param4: 0 }));
    expect(contentSha256([item])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an action and its audit event commit together or not at all', async () => {
    const t = await tempDb();
    try {
      await chainOf(t.db, 1);
      await expect(
        t.db.transaction(async (tx) => {
          await appendAudit(tx, { kind: 'plan.made', subject: 'plan:1' });
          throw new Error('planner failed');
        }),
      ).rejects.toThrow('planner failed');
      expect(await verifyAudit(t.db)).toMatchObject({ ok: true, count: 1 });
    } finally {
      await t.cleanup();
    }
  });

  it('triggers refuse UPDATE, DELETE and rows that do not extend the chain', async () => {
    const t = await tempDb();
    try {
      await chainOf(t.db, 3);
      await expect(t.db.run("UPDATE records_audit SET actor = 'x' WHERE seq = 2")).rejects.toThrow(
        /append-only/,
      );
      await expect(t.db.run('DELETE FROM records_audit WHERE seq = 3')).rejects.toThrow(/append-only/);
      await expect(
        t.db.run("INSERT INTO records_audit VALUES (9, 'x', 'k', 's', '', 'null', 'p', 'h')"),
      ).rejects.toThrow(/extend the chain/);
      expect(await verifyAudit(t.db)).toMatchObject({ ok: true, count: 3 });
    } finally {
      await t.cleanup();
    }
  });

  describe('tampering made directly in the database (triggers dropped)', () => {
    async function tampered(sql: string): Promise<Awaited<ReturnType<typeof verifyAudit>>> {
      const t = await tempDb();
      try {
        await chainOf(t.db, 6);
        await t.db.exec(
          'DROP TRIGGER records_audit_no_update; DROP TRIGGER records_audit_no_delete; DROP TRIGGER records_audit_in_order;',
        );
        await t.db.exec(sql);
        return await verifyAudit(t.db);
      } finally {
        await t.cleanup();
      }
    }

    it('catches an edited row and names it', async () => {
      const v = await tampered(
        `UPDATE records_audit SET data = '{"areaM2":9999,"name":"Lô 5","step":3}' WHERE seq = 3`,
      );
      expect(v).toMatchObject({
        ok: false,
        broken: { seq: 3, problem: expect.stringMatching(/no longer matches/) },
      });
    });

    it('catches an edited time or actor', async () => {
      expect(
        await tampered(`UPDATE records_audit SET at = '2026-11-30T00:00:00.000Z' WHERE seq = 4`),
      ).toMatchObject({
        ok: false,
        broken: { seq: 4 },
      });
      expect(await tampered(`UPDATE records_audit SET actor = 'Hùng' WHERE seq = 1`)).toMatchObject({
        ok: false,
        broken: { seq: 1 },
      });
    });

    it('catches a deleted row', async () => {
      const v = await tampered('DELETE FROM records_audit WHERE seq = 2');
      expect(v).toMatchObject({
        ok: false,
        broken: { index: 2, seq: 3, problem: expect.stringMatching(/missing/) },
      });
    });

    it('catches a deleted row whose successors were renumbered', async () => {
      const v = await tampered(
        'DELETE FROM records_audit WHERE seq = 2; UPDATE records_audit SET seq = seq - 1 WHERE seq > 2;',
      );
      expect(v).toMatchObject({ ok: false, broken: { seq: 2 } });
    });

    it('catches a row inserted in the middle', async () => {
      const v = await tampered(`
        UPDATE records_audit SET seq = seq + 100 WHERE seq >= 4;
        UPDATE records_audit SET seq = seq - 99 WHERE seq >= 100;
        INSERT INTO records_audit VALUES (4, '2026-11-29T03:00:03.500Z', 'field.edited', 'field:lo-5', 'Lan', '{}',
          (SELECT hash FROM records_audit WHERE seq = 3), 'forged');`);
      expect(v).toMatchObject({ ok: false, broken: { seq: 4 } });
    });

    it('catches a row appended at the end with a made-up hash', async () => {
      const v =
        await tampered(`INSERT INTO records_audit VALUES (7, '2026-11-29T04:00:00.000Z', 'record.closed', 'record:x', '',
          'null', (SELECT hash FROM records_audit WHERE seq = 6), 'ab12')`);
      expect(v).toMatchObject({ ok: false, broken: { seq: 7 } });
    });

    it('catches reordered rows', async () => {
      const v = await tampered(`
        UPDATE records_audit SET seq = 100 WHERE seq = 2;
        UPDATE records_audit SET seq = 2 WHERE seq = 3;
        UPDATE records_audit SET seq = 3 WHERE seq = 100;`);
      expect(v).toMatchObject({ ok: false, broken: { seq: 2 } });
    });

    it('catches rows removed from the end when checked against an anchor printed earlier', async () => {
      const t = await tempDb();
      try {
        await chainOf(t.db, 6);
        const anchor = (await auditHead(t.db))!;
        await t.db.exec('DROP TRIGGER records_audit_no_delete; DELETE FROM records_audit WHERE seq >= 5;');
        expect(await verifyAudit(t.db)).toMatchObject({ ok: true, count: 4 });
        expect(
          await verifyAudit(t.db, {
            expectHead: { seq: 4, hash: (await auditHead(t.db))!.hash.slice(0, 16) },
          }),
        ).toMatchObject({
          ok: true,
        });
        expect(await verifyAudit(t.db, { expectHead: anchor })).toMatchObject({
          ok: false,
          broken: { seq: 6, problem: expect.stringMatching(/removed/) },
        });
      } finally {
        await t.cleanup();
      }
    });
  });

  it('catches bytes edited in the database file itself', async () => {
    const t = await tempDb();
    try {
      await chainOf(t.db, 4);
      await t.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      await t.db.close();
      const bytes = readFileSync(t.path);
      const needle = Buffer.from('"step":3');
      const at = bytes.indexOf(needle);
      expect(at).toBeGreaterThan(0);
      bytes.write('"step":8', at);
      writeFileSync(t.path, bytes);
      const db = await Db.open(t.path, ALL_MIGRATIONS);
      try {
        expect(await verifyAudit(db)).toMatchObject({ ok: false, broken: { seq: 3 } });
      } finally {
        await db.close();
      }
    } finally {
      await t.cleanup();
    }
  });
});
