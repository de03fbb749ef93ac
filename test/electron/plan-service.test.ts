import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../electron/api/define.js';
import { AppService } from '../../electron/service/app-service.js';
import type { Plan } from '../../mission/plan/types.js';
import { tempDbPath } from '../helpers/temp-db.js';

describe('plan API over stored fields and zones', () => {
  const tmp = tempDbPath();
  let s: AppService;
  let ids: string[];
  beforeAll(async () => {
    s = await AppService.open(tmp.path, 'cli');
    await s.call('demo.load', {});
    ids = ((await s.call('fields.list', {})) as { id: string }[]).map((f) => f.id);
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  it('the demo commune comes with a home, a no-fly pole and a no-spray well', async () => {
    const zones = (await s.call('zones.list', {})) as { kind: string }[];
    expect(zones.map((z) => z.kind).sort()).toEqual(['home', 'no-fly', 'no-spray']);
  });

  it('plans a block of plots from home and back, never through the no-fly pole', async () => {
    const plan = (await s.call('plan.compute', { fieldIds: ids, params: { swathM: 5 } })) as Plan;
    expect(plan.metrics.coverage).toBeGreaterThan(0.98);
    expect(plan.perPlot).toHaveLength(12);
    expect(plan.home).toBeDefined();
    const first = plan.pieces[0]!.coords[0]!;
    const last = plan.pieces.at(-1)!.coords.at(-1)!;
    expect(Math.abs(first[0] - plan.home![0]) + Math.abs(first[1] - plan.home![1])).toBeLessThan(1e-6);
    expect(Math.abs(last[0] - plan.home![0]) + Math.abs(last[1] - plan.home![1])).toBeLessThan(1e-6);
  });

  it('refuses a bad parameter with where it is, and an unknown field', async () => {
    await expect(s.call('plan.compute', { fieldIds: ids, params: { swathM: 0 } })).rejects.toMatchObject({
      body: { code: 'invalid_input', issues: [expect.objectContaining({ where: 'params.swathM' })] },
    });
    await expect(s.call('plan.compute', { fieldIds: ['nope'] })).rejects.toMatchObject({
      body: { code: 'not_found' },
    });
    await expect(s.call('plan.compute', { fieldIds: [] })).rejects.toMatchObject({
      body: { code: 'invalid_input' },
    });
  });

  it('stores a plan with its parameters and reopens it identically', async () => {
    const saved = (await s.call('plan.save', {
      fieldIds: ids.slice(0, 2),
      params: { swathM: 4, headlandPasses: 0 },
    })) as {
      summary: { id: string };
      plan: Plan;
    };
    const list = (await s.call('plan.list', { fieldId: ids[0] })) as { id: string }[];
    expect(list.map((p) => p.id)).toContain(saved.summary.id);
    const again = (await s.call('plan.get', { id: saved.summary.id })) as {
      summary: { params: unknown };
      plan: Plan;
    };
    expect(again.summary.params).toMatchObject({ swathM: 4, headlandPasses: 0 });
    expect(again.plan.pieces).toEqual(saved.plan.pieces);
  });

  it('a new no-spray zone changes the plan at once; a zone point needs a radius', async () => {
    const before = (await s.call('plan.compute', { fieldIds: [ids[9]!] })) as Plan;
    const f = ((await s.call('fields.get', { id: ids[9]! })) as { geometry: { coordinates: number[][][][] } })
      .geometry;
    const ring = f.coordinates[0]![0]!;
    const cx = ring.slice(0, -1).reduce((a, p) => a + p[0]!, 0) / (ring.length - 1);
    const cy = ring.slice(0, -1).reduce((a, p) => a + p[1]!, 0) / (ring.length - 1);
    await expect(
      s.call('zones.create', { kind: 'no-spray', geometry: { type: 'Point', coordinates: [cx, cy] } }),
    ).rejects.toMatchObject({
      body: { code: 'invalid_input' },
    });
    await s.call('zones.create', {
      kind: 'no-spray',
      name: 'ao cá',
      geometry: { type: 'Point', coordinates: [cx, cy] },
      radiusM: 4,
    });
    const after = (await s.call('plan.compute', { fieldIds: [ids[9]!] })) as Plan;
    expect(after.metrics.sprayableAreaM2).toBeLessThan(before.metrics.sprayableAreaM2 - 40);
  });

  it('zone input with a broken polygon is refused and nothing is stored', async () => {
    const n = ((await s.call('zones.list', {})) as unknown[]).length;
    const err = (await s
      .call('zones.create', {
        kind: 'no-fly',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [105.62, 19.98],
              [105.621, 19.981],
              [105.621, 19.98],
              [105.62, 19.981],
              [105.62, 19.98],
            ],
          ],
        },
      })
      .catch((e) => e)) as ApiError;
    expect(err.body.message).toMatch(/self-intersection/);
    expect(((await s.call('zones.list', {})) as unknown[]).length).toBe(n);
  });
});
