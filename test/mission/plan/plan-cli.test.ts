import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../electron/cli/main.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/plan/${name}.geojson`, import.meta.url));

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('agrispray plan', () => {
  it('writes the plan as GeoJSON LineStrings in flight order', async () => {
    const code = await runCli(['plan', fixture('l_shaped'), '--swath', '6', '--headland-passes', '1']);
    expect(code).toBe(0);
    const fc = JSON.parse(out);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(10);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(['spray', 'transit']).toContain(f.properties.kind);
      expect(f.properties.sortie).toBe(1);
    }
  });

  it('--format json adds metrics, per-plot shares, angle and planning time', async () => {
    const code = await runCli([
      'plan',
      fixture('vn_paddy_block'),
      '--format',
      'json',
      '--angle',
      '0',
      '--speed',
      '4',
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.path.type).toBe('FeatureCollection');
    expect(r.metrics.coverage).toBeGreaterThan(0.99);
    expect(r.perPlot).toHaveLength(12);
    expect(r.angleDeg).toBe(0);
    expect(typeof r.computeMs).toBe('number');
    expect(Array.isArray(r.warnings)).toBe(true);
  });

  it('starts and ends at --home lat,lon', async () => {
    const code = await runCli(['plan', fixture('l_shaped'), '--home', '19.9795,105.6195']);
    expect(code).toBe(0);
    const fc = JSON.parse(out);
    const first = fc.features[0].geometry.coordinates[0];
    const lastF = fc.features[fc.features.length - 1].geometry.coordinates;
    expect(first[0]).toBeCloseTo(105.6195, 7);
    expect(first[1]).toBeCloseTo(19.9795, 7);
    expect(lastF[lastF.length - 1][0]).toBeCloseTo(105.6195, 7);
  });

  it.each([
    [['--swath', '0'], '--swath'],
    [['--swath', 'wide'], '--swath'],
    [['--headland-passes', '1.5'], '--headland-passes'],
    [['--edge-buffer', '-2'], '--edge-buffer'],
    [['--no-spray-buffer', 'x'], '--no-spray-buffer'],
    [['--angle', 'north'], '--angle'],
    [['--speed', '0'], '--speed'],
    [['--home', '105.6,19.9'], '--home'],
    [['--home', '19.9'], '--home'],
    [['--format', 'kml'], '--format'],
  ])('refuses %j naming the flag', async (flags, flag) => {
    const code = await runCli(['plan', fixture('l_shaped'), ...flags]);
    expect(code).toBe(2);
    expect(err).toContain(flag);
    expect(err).toContain(String(flags[1]));
    expect(out).toBe('');
  });

  it('refuses an invalid field file with where the problem is', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'plan-cli-'));
    const bad = join(dir, 'bad.geojson');
    writeFileSync(
      bad,
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [105.6, 19.9],
            [105.601, 19.901],
            [105.601, 19.9],
            [105.6, 19.901],
            [105.6, 19.9],
          ],
        ],
      }),
    );
    const code = await runCli(['plan', bad]);
    expect(code).toBe(2);
    expect(err).toMatch(/self-intersection/);
    expect(out).toBe('');
  });
});
