import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readQgcPlan } from '../../mission/files/qgc-plan.js';
import { readWaypoints } from '../../mission/files/waypoints.js';
import { LocalFrame } from '../../mission/geo/local-frame.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDbPath } from '../helpers/temp-db.js';

/** `agrispray plan … --format plan|waypoints|json|geojson` with the job flags (issue 4's CLI). */
describe('agrispray plan → mission files', () => {
  const tmp = tempDbPath();
  afterAll(() => tmp.cleanup());
  const frame = new LocalFrame([105.62, 19.98]);
  const ring = [
    [0, 0],
    [60, 0],
    [60, 45],
    [0, 45],
    [0, 0],
  ].map(([x, y]) => frame.toLngLat([x!, y!]));
  const field = join(tmp.dir, 'field.geojson');
  writeFileSync(
    field,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { role: 'field', name: 'Thửa A' },
          geometry: { type: 'Polygon', coordinates: [ring] },
        },
        {
          type: 'Feature',
          properties: { role: 'home' },
          geometry: { type: 'Point', coordinates: frame.toLngLat([-15, -5]) },
        },
      ],
    }),
  );
  const db = ['--db', tmp.path];

  it('writes a Mission Planner .waypoints file of sortie 1 with home as item 0', () => {
    const r = runCli(['plan', field, '--format', 'waypoints', ...db]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('QGC WPL 110')).toBe(true);
    const items = readWaypoints(r.stdout);
    expect(items[0]!.command).toBe(16);
    expect(items.some((it) => it.command === 216 && it.param1 === 1)).toBe(true);
    expect(items.some((it) => it.command === 216 && it.param1 === 0)).toBe(true);
  });

  it('writes a QGroundControl .plan of a chosen sortie with the geofence', () => {
    const r = runCli(['plan', field, '--format', 'plan', '--tank', '2', '--sortie', '2', ...db]);
    expect(r.code).toBe(0);
    const plan = readQgcPlan(r.stdout);
    expect(plan.mission.length).toBeGreaterThan(5);
    expect(plan.fence.length).toBeGreaterThan(2);
    expect(plan.autopilot).toBe('ardupilot');
  });

  it('cuts the route into sorties when a tank is given (geojson) and reports dosage (json)', () => {
    const g = JSON.parse(runCli(['plan', field, '--tank', '2', ...db]).stdout);
    const sorties = new Set(g.features.map((f: { properties: { sortie: number } }) => f.properties.sortie));
    expect(sorties.size).toBeGreaterThan(1);
    const j = JSON.parse(runCli(['plan', field, '--format', 'json', '--volume', '20', ...db]).stdout);
    expect(j.dosage.flowLpm).toBeGreaterThan(0);
    const total = j.sorties.reduce((s: number, x: { liquidL: number }) => s + x.liquidL, 0);
    expect(total).toBeCloseTo(j.totals.liquidL, 6);
  });

  it('refuses a sortie that does not exist and an absurd volume, naming the flag', () => {
    const r = runCli(['plan', field, '--format', 'waypoints', '--sortie', '99', ...db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sortie/);
    const v = runCli(['plan', field, '--format', 'plan', '--volume', '5000', ...db]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/--volume/);
  });
});
