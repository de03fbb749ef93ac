import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../electron/cli/main.js';
import { openLink } from '../../mavlink/link/open.js';
import type { UdpLink } from '../../mavlink/link/udp.js';
import { type Sim, startSim } from '../../mavlink/sim/sim.js';
import { readQgcPlan, writeQgcPlan } from '../../mission/files/qgc-plan.js';
import { sprayMission } from './helpers.js';

let sim: Sim;
let link: string;
let dir: string;

beforeAll(async () => {
  const simLink = (await openLink('udpin://127.0.0.1:0')) as UdpLink;
  sim = await startSim({ link: simLink, speedup: 10 });
  link = `udpout://127.0.0.1:${simLink.localPort}`;
  dir = await mkdtemp(join(tmpdir(), 'agrispray-cli-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  try {
    process.exitCode = undefined;
    const code = await runCli(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('agrispray vehicle commands', () => {
  it('uploads a .plan (exit 0 only when accepted and read back identical) and downloads it again', async () => {
    const mission = sprayMission(40).map((it) => ({
      ...it,
      param4: Number.isNaN(it.param4) ? 0 : it.param4,
    }));
    const planFile = join(dir, 'job.plan');
    await writeFile(planFile, writeQgcPlan({ mission, fence: [], rally: [], autopilot: 'ardupilot' }));
    const up = await run('upload', planFile, '--link', link);
    expect(up.stderr).toMatch(/read-back matches: 40 items/);
    expect(up.code).toBe(0);
    const outFile = join(dir, 'back.plan');
    const down = await run('download', '--link', link, '--out', outFile);
    expect(down.code).toBe(0);
    const back = readQgcPlan(await readFile(outFile, 'utf8'));
    expect(back.mission).toHaveLength(40);
    expect(back.mission[10]?.x).toBeCloseTo(mission[10]?.x as number, 7);
  });

  it('refuses a plan made for another autopilot', async () => {
    const mission = sprayMission(10)
      .slice(1)
      .map((it, seq) => ({ ...it, seq, param4: Number.isNaN(it.param4) ? 0 : it.param4 }));
    const planFile = join(dir, 'px4.plan');
    await writeFile(planFile, writeQgcPlan({ mission, fence: [], rally: [], autopilot: 'px4' }));
    const up = await run('upload', planFile, '--link', link);
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/the plan was made for px4 but the vehicle runs ardupilot/);
  });

  it('starts after the preflight check, then pauses, resumes and returns to launch', async () => {
    const start = await run('start', '--link', link, '--yes');
    expect(start.stderr).toMatch(/ok {3}gps: fix 3, 16 satellites/);
    expect(start.stderr).toMatch(/ok {3}mission: 40 items on board/);
    expect(start.stdout).toMatch(/mission started/);
    expect(start.code).toBe(0);
    expect(sim.model.armed).toBe(true);
    const pause = await run('pause', '--link', link);
    expect(pause.code).toBe(0);
    expect(sim.model.paused).toBe(true);
    const resume = await run('resume', '--link', link, '--yes');
    expect(resume.code).toBe(0);
    expect(sim.model.paused).toBe(false);
    const rtl = await run('rtl', '--link', link, '--yes');
    expect(rtl.code).toBe(0);
    expect(sim.model.mode).toBe(6);
  });

  it('prints live status lines', async () => {
    const r = await run('vehicle', '--link', link, '--count', '2', '--interval', '0.1');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /link ok {2}RTL (ARMED|disarmed) {2}10\.04\d+,105\.74\d+ alt \d+\.\d m .* GPS 3D 16 sats {2}bat \d+ %/,
    );
  });

  it('refuses to start without --yes, and explains bad links and missing vehicles', async () => {
    const start = await run('start', '--link', link);
    expect(start.code).toBe(7);
    expect(start.stderr).toMatch(/start moves the drone: .* repeat with --yes/);
    const bad = await run('vehicle', '--link', 'udp://x:1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad link URL "udp:\/\/x:1": unknown scheme/);
    const none = await run('vehicle', '--link', 'udpin://127.0.0.1:0', '--timeout', '0.3');
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no vehicle heartbeat on .* within 0\.3 s/);
  });
});
