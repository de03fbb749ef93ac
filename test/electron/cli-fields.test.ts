import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { sharedFieldFiles } from '../helpers/shared-fields.js';
import { tempDbPath } from '../helpers/temp-db.js';

describe('agrispray fields', () => {
  const tmp = tempDbPath();
  afterAll(() => tmp.cleanup());

  it('imports a real field and lists it with 0.474 ha (±0.5 %)', () => {
    const f = sharedFieldFiles().find((x) => x.name === 'vn_field_median');
    const file = f?.path ?? join(tmp.dir, 'median.geojson');
    if (!f) {
      writeFileSync(
        file,
        JSON.stringify({
          type: 'Feature',
          properties: { name: 'vn_field_median' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [105.62, 19.98],
                [105.6206, 19.98],
                [105.6206, 19.9804],
                [105.62, 19.9804],
                [105.62, 19.98],
              ],
            ],
          },
        }),
      );
    }
    const imp = runCli(['fields', 'import', file, '--db', tmp.path]);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    const list = runCli(['fields', 'list', '--db', tmp.path]);
    expect(list.code).toBe(0);
    if (f) {
      const ha = Number(/vn_field_median\s+(\d+\.\d+) ha/.exec(list.stdout)?.[1]);
      expect(Math.abs(ha / 0.474 - 1)).toBeLessThan(0.005);
    }
    expect(list.stdout).toMatch(/sào/);
  });

  it('refuses a self-intersecting polygon with a clear message, non-zero exit, nothing stored', () => {
    const bad = join(tmp.dir, 'bow.geojson');
    writeFileSync(
      bad,
      JSON.stringify({
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
      }),
    );
    const before = runCli(['fields', 'list', '--json', '--db', tmp.path]);
    const r = runCli(['fields', 'import', bad, '--db', tmp.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/self-intersection/);
    expect(r.stderr).toMatch(/bow\.geojson/);
    const after = runCli(['fields', 'list', '--json', '--db', tmp.path]);
    expect(JSON.parse(after.stdout)).toHaveLength(JSON.parse(before.stdout).length);
  });

  it('an unreadable file and broken JSON are refused', () => {
    expect(runCli(['fields', 'import', join(tmp.dir, 'missing.geojson'), '--db', tmp.path]).stderr).toMatch(
      /cannot read .*ENOENT/,
    );
    const broken = join(tmp.dir, 'broken.geojson');
    writeFileSync(broken, '{"type":"Feature",');
    const r = runCli(['fields', 'import', broken, '--db', tmp.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
  });

  it('AGRISPRAY_DB chooses the database; export writes the Field file contract', () => {
    const out = join(tmp.dir, 'out.geojson');
    expect(runCli(['fields', 'export', '-o', out], { AGRISPRAY_DB: tmp.path }).code).toBe(0);
    const r = runCli(['fields', 'import', out, '--db', join(tmp.dir, 'second.sqlite')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported/);
  });

  it('every command has --help', () => {
    for (const args of [
      ['--help'],
      ['fields', '--help'],
      ['fields', 'import', '--help'],
      ['fields', 'list', '--help'],
      ['fields', 'export', '--help'],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: agrispray/);
    }
  });
});
