import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDb } from './helpers.js';
import { sprayScenario } from './scenario.js';

const MAIN = fileURLToPath(new URL('../../../electron/cli/main.ts', import.meta.url));

function cli(db: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args, '--db', db], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('agrispray CLI: jobs, flights, records, report, audit', () => {
  it('lists, reports, verifies, and exits non-zero naming the first broken link', async () => {
    const t = await tempDb();
    const { job, flightId, record } = await sprayScenario(t.db);
    await t.db.close();
    try {
      const flights = cli(t.path, 'flights', 'list');
      expect(flights.code).toBe(0);
      expect(flights.out).toContain(flightId);
      expect(flights.out).toMatch(/DJI Agras T20 #2\s+1\s+Trần Thị Lan/);
      expect(cli(t.path, 'jobs', 'list').out).toContain(job.id);

      const pdf = join(t.dir, 'r.pdf');
      const rep = cli(t.path, 'report', job.id, '--format', 'pdf', '--out', pdf, '--lang', 'en');
      expect(rep.code).toBe(0);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const gj = join(t.dir, 'r.geojson');
      expect(cli(t.path, 'report', flightId, '--format', 'geojson', '--out', gj).code).toBe(0);
      expect(JSON.parse(readFileSync(gj, 'utf8')).type).toBe('FeatureCollection');
      const bad = cli(t.path, 'report', 'job-nope', '--format', 'csv', '--out', join(t.dir, 'x.csv'));
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/no job, flight or record with id "job-nope"/);
      expect(existsSync(join(t.dir, 'x.csv'))).toBe(false);

      const ok = cli(t.path, 'audit', 'verify');
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/^OK 9 events, head 9:[0-9a-f]{64}; 1 flight logs and 1 closed records match/);

      const check = cli(t.path, 'records', 'check', record.id);
      expect(check.out).toContain('is closed');

      // Someone edits the closed record's dose directly in the file, triggers dropped.
      const sqlite3 = (await import('sqlite3')).default;
      await new Promise<void>((resolve, reject) => {
        const raw = new sqlite3.Database(t.path);
        raw.exec(
          `DROP TRIGGER records_audit_no_update;
           UPDATE records_audit SET data = replace(data, 'Chess 50WG', 'Chess 25WG') WHERE kind = 'job.created';`,
          (e) => raw.close(() => (e ? reject(e) : resolve())),
        );
      });
      const broken = cli(t.path, 'audit', 'verify');
      expect(broken.code).toBe(3);
      expect(broken.err).toMatch(
        /audit chain BROKEN at row 1 \(seq 1\): content .* no longer matches its hash/,
      );
    } finally {
      await t.cleanup();
    }
  });

  it('records set/check/close name missing fields and close the record', async () => {
    const t = await tempDb();
    const { job } = await sprayScenario(t.db, { close: false });
    await t.db.close();
    try {
      const open = cli(t.path, 'records', 'open', job.id);
      expect(open.code).toBe(0);
      const id = /opened (rec-\S+)/.exec(open.out)![1]!;
      expect(open.out).toMatch(/still missing: .*operator.*drone.*weather/);
      const closeEarly = cli(t.path, 'records', 'close', id);
      expect(closeEarly.code).toBe(2);
      expect(closeEarly.err).toMatch(/operator \(operator \/ người phun\): missing/);
      const set = cli(
        t.path,
        'records',
        'set',
        id,
        'operator.name=Trần Thị Lan',
        'operator.licenceNo=CC-UAV 0420',
        'drone.model=DJI Agras T20',
        'drone.registrationNo=VN-UAV-0077',
        'weather.windSpeedMps=2.1',
        'weather.windDirDeg=90',
        'weather.temperatureC=29',
        'weather.humidityPct=80',
        'weather.source=entered',
      );
      expect(set.out).toContain('complete, ready to close');
      const close = cli(t.path, 'records', 'close', id);
      expect(close.code).toBe(0);
      expect(close.out).toMatch(/closed rec-\S+ {2}safe harvest from 2026-12-13 {2}hash [0-9a-f]{64}/);
    } finally {
      await t.cleanup();
    }
  });
});

describe('agrispray log --link', () => {
  it('records a flight from a (simulated) vehicle without the UI', async () => {
    const { openLink } = await import('../../../mavlink/link/open.js');
    const { startSim } = await import('../../../mavlink/sim/sim.js');
    const raw = (await openLink('udpin://127.0.0.1:0')) as import('../../../mavlink/link/udp.js').UdpLink;
    const sim = await startSim({ link: raw });
    const t = await tempDb();
    await t.db.close();
    try {
      const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            MAIN,
            'log',
            '--link',
            `udpout://127.0.0.1:${raw.localPort}`,
            '--now',
            '--duration',
            '2',
            '--vehicle',
            'sim-1',
            '--db',
            t.path,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let err = '';
        child.stderr.on('data', (b: Buffer) => {
          err += b.toString();
        });
        child.on('exit', (code) => resolve({ code, err }));
      });
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/closed flt-\S+: \d+ samples/);
      const n = Number(/closed flt-\S+: (\d+) samples/.exec(r.err)![1]);
      expect(n).toBeGreaterThanOrEqual(10); // about 10 Hz for 2 s
      const list = cli(t.path, 'flights', 'list');
      expect(list.out).toMatch(/sim-1\s+1\s+.*closed/);
      expect(cli(t.path, 'audit', 'verify').code).toBe(0);
    } finally {
      await sim.close();
      await t.cleanup();
    }
  });
});
