import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFieldFile } from '../../../mission/field/parse-field-file.js';
import { jobMissionFile } from '../../../mission/files/mission-export.js';
import { readQgcPlan } from '../../../mission/files/qgc-plan.js';
import { readWaypoints } from '../../../mission/files/waypoints.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import { checkMissionItems } from '../../../mission/items/validate.js';
import { planCoverage } from '../../../mission/plan/index.js';
import { BUILTIN_PROFILES } from '../../../mission/profile/drone-profile.js';
import { prepareJob, resumeJob } from '../../../mission/sorties/job.js';
import { FUNGICIDE, INSECTICIDE } from './helpers.js';

const DIR = join(import.meta.dirname, '../../../../shared/fields');
const FIELDS = ['vn_field_median.geojson', 'vn_field_concave.geojson', 'jp_field_with_hole.geojson'].filter(
  (f) => existsSync(join(DIR, f)),
);

describe.skipIf(FIELDS.length === 0)('jobs on real field boundaries (../shared/fields)', () => {
  for (const name of FIELDS) {
    it(`${name}: sorties sum to the plan, missions valid, files round-trip, resume works`, () => {
      const field = parseFieldFile(readFileSync(join(DIR, name), 'utf8'));
      const plan = planCoverage(field, { swathM: 5, speedMps: 5 });
      const sprayLen = plan.pieces.filter((p) => p.kind === 'spray').reduce((s, p) => s + p.lengthM, 0);
      for (const profile of BUILTIN_PROFILES) {
        const job = prepareJob(plan, {
          profile,
          volumeLPerHa: 20,
          products: [
            { product: INSECTICIDE, ratePerHa: 0.5 },
            { product: FUNGICIDE, ratePerHa: 0.3 },
          ],
        });
        expect(job.sorties.totals.sprayLengthM).toBeCloseTo(sprayLen, 3);
        expect(job.mix!.totalLiquidL).toBeCloseTo((sprayLen * 5 * 20) / 10_000, 6);
        expect(job.mix!.tanks.reduce((s, t) => s + t.liquidL, 0)).toBeCloseTo(job.mix!.totalLiquidL, 6);
        for (const m of job.missions) expect(checkMissionItems(m.items, m.autopilot)).toEqual([]);
        if (profile.autopilot === 'ardupilot')
          expect(job.vehicleParams).toMatchObject({ SPRAY_ENABLE: 1, FENCE_ENABLE: 1, FENCE_TYPE: 5 });
        else expect(job.vehicleParams).toEqual({});
        // Each plot's share never exceeds what the nozzles put down.
        const plotL = job.mix!.perPlot.reduce((s, p) => s + p.liquidL, 0);
        expect(plotL).toBeGreaterThan(0);
        expect(plotL).toBeLessThanOrEqual(job.mix!.totalLiquidL * 1.0001);
        const k = Math.min(2, job.missions.length);
        const back = readQgcPlan(jobMissionFile(job, 'plan', k));
        expect(back.mission).toEqual(job.missions[k - 1]!.items);
        expect(back.fence).toEqual(job.fence.items);
        const wpl = readWaypoints(jobMissionFile(job, 'waypoints', k));
        expect(wpl.length).toBe(job.missions[k - 1]!.items.length + (profile.autopilot === 'px4' ? 1 : 0));
        // Resume half-way through the first sortie's spraying.
        const s1 = job.sorties.sorties[0]!;
        const mid = (s1.startDistanceM + s1.endDistanceM) / 2;
        const r = resumeJob(plan, { profile, volumeLPerHa: 20 }, { distanceM: mid });
        expect(r.sorties.totals.sprayLengthM).toBeLessThan(sprayLen);
        expect(checkMissionItems(r.missions[0]!.items, profile.autopilot)).toEqual([]);
        const frame = new LocalFrame(plan.origin);
        const firstPiece = r.sorties.sorties[0]!.pieces[0]!;
        const firstOn = r.missions[0]!.switches[0]!;
        const e = frame.toXY(firstOn.edge);
        expect(Math.hypot(e[0] - firstPiece.xy[0]![0], e[1] - firstPiece.xy[0]![1])).toBeLessThan(0.01);
      }
    });
  }
});
