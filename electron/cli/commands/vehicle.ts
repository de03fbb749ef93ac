import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { connectVehicle, type VehicleSession } from '../../../mavlink/connect.js';
import { MissionTransferError } from '../../../mavlink/errors.js';
import { LinkUrlError } from '../../../mavlink/link/url.js';
import type { TransferProgress } from '../../../mavlink/mission/client.js';
import { startSim } from '../../../mavlink/sim/sim.js';
import type { VehicleStatus } from '../../../mavlink/telemetry.js';
import type { Vehicle } from '../../../mavlink/vehicle.js';
import { type QgcPlanContent, readQgcPlan, writeQgcPlan } from '../../../mission/files/qgc-plan.js';
import type { MissionItem } from '../../../mission/items/types.js';
import { CliError } from '../cli-error.js';

const LINK_HELP =
  'link URL: udpin://0.0.0.0:14550, udpout://host:port, tcp://host:port or serial:///dev/ttyUSB0:57600';

/** Exit codes of the vehicle commands. */
const EXIT = { usage: 2, noVehicle: 3, readBackDiffers: 4, transfer: 5, preflight: 6, refused: 7 } as const;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function parseNumber(text: string, what: string, min: number, max: number): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new CliError(`${what} must be a number in ${min}..${max}, got "${text}"`, EXIT.usage);
  return v;
}

function parseHome(text: string): { lat: number; lon: number } {
  const m = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(text);
  if (!m)
    throw new CliError(
      `--home must be "lat,lon" in degrees, e.g. 10.0452,105.7469; got "${text}"`,
      EXIT.usage,
    );
  return {
    lat: parseNumber(m[1] as string, '--home latitude', -90, 90),
    lon: parseNumber(m[2] as string, '--home longitude', -180, 180),
  };
}

async function connect(url: string, timeoutS = '10'): Promise<VehicleSession> {
  const timeoutMs = parseNumber(timeoutS, '--timeout', 0.1, 600) * 1000;
  try {
    const session = await connectVehicle(url, { timeoutMs });
    const v = session.vehicle;
    err(`connected: vehicle ${v.sysid} (${v.autopilot}) on ${session.link().describe()}`);
    return session;
  } catch (e) {
    if (e instanceof LinkUrlError) throw new CliError(e.message, EXIT.usage);
    throw new CliError((e as Error).message, EXIT.noVehicle);
  }
}

/** Runs `fn` with a connected vehicle and always closes the link. */
async function withVehicle<T>(
  url: string,
  timeoutS: string | undefined,
  fn: (v: Vehicle) => Promise<T>,
): Promise<T> {
  const session = await connect(url, timeoutS);
  try {
    return await fn(session.vehicle);
  } finally {
    await session.close();
  }
}

/** Progress on the terminal: one updating line on a TTY, a line every 10 % otherwise. */
function progressPrinter(label: string): { onProgress: (p: TransferProgress) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  return {
    onProgress: (p) => {
      const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
      if (tty) process.stderr.write(`\r${label} ${p.operation} ${p.done}/${p.total} (${pct} %)   `);
      else if (Math.floor(pct / 10) > lastDecile) {
        lastDecile = Math.floor(pct / 10);
        err(`${label} ${p.operation} ${p.done}/${p.total} (${pct} %)`);
      }
    },
    done: () => {
      if (tty) process.stderr.write('\n');
    },
  };
}

function fixName(fix: number): string {
  return ['no GPS', 'no fix', '2D', '3D', 'DGPS', 'RTK float', 'RTK fixed'][fix] ?? `fix ${fix}`;
}

/** One status line, e.g. for `agrispray vehicle`. */
export function formatStatusLine(s: VehicleStatus, lost = false): string {
  const parts = [
    new Date().toISOString().slice(11, 19),
    lost ? 'LINK LOST' : 'link ok',
    `${s.mode}${s.armed ? ' ARMED' : ' disarmed'}`,
    s.lat === undefined
      ? 'no position'
      : `${s.lat.toFixed(6)},${(s.lon ?? 0).toFixed(6)} alt ${(s.altM ?? 0).toFixed(1)} m`,
    `${(s.groundSpeedMps ?? 0).toFixed(1)} m/s hdg ${Math.round(s.headingDeg ?? 0)}°`,
    `GPS ${fixName(s.gpsFix)} ${s.satellites ?? 0} sats`,
    `bat ${s.batteryPct ?? '?'} %${s.batteryV ? ` ${s.batteryV.toFixed(1)} V` : ''}`,
    s.missionSeq === undefined ? 'no mission' : `item ${s.missionSeq}/${s.missionTotal ?? '?'}`,
    s.spraying ? `SPRAYING${s.flowLpm ? ` ${s.flowLpm.toFixed(1)} L/min` : ''}` : 'spray off',
  ];
  if (s.tankL !== undefined) parts.push(`tank ${s.tankL.toFixed(1)} L`);
  if (s.windSpeedMps !== undefined)
    parts.push(`wind ${s.windSpeedMps.toFixed(1)} m/s from ${Math.round(s.windFromDeg ?? 0)}°`);
  return parts.join('  ');
}

async function uploadVerified(
  v: Vehicle,
  items: MissionItem[],
  missionType: 0 | 1 | 2,
  label: string,
): Promise<boolean> {
  if (items.length === 0 && missionType !== 0) {
    await v.mission.clear(missionType);
    err(`${label}: none in the plan, cleared on the vehicle`);
    return true;
  }
  const p = progressPrinter(label);
  try {
    const r = await v.uploadAndVerify(items, { missionType, onProgress: p.onProgress });
    p.done();
    err(
      `${label}: ${items.length} items accepted in ${(r.stats.elapsedMs / 1000).toFixed(2)} s (${r.stats.resends} resends); ${r.comparison.summary}`,
    );
    for (const d of r.comparison.differences.slice(0, 10)) {
      err(`  item ${d.seq} ${d.field}: sent ${d.sent}, vehicle holds ${d.readBack}`);
    }
    return r.comparison.same;
  } catch (e) {
    p.done();
    if (e instanceof MissionTransferError) throw new CliError(e.message, EXIT.transfer);
    throw e;
  }
}

function requireYes(yes: boolean | undefined, what: string): void {
  if (!yes)
    throw new CliError(
      `${what} moves the drone: check the area is clear, then repeat with --yes`,
      EXIT.refused,
    );
}

async function waitForTelemetry(v: Vehicle, ms: number): Promise<void> {
  const t0 = Date.now();
  const s = v.status;
  while (
    Date.now() - t0 < ms &&
    (s.batteryPct === undefined || s.lat === undefined || s.missionSeq === undefined)
  ) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface SimCliOptions {
  link: string;
  loss: string;
  duplicate: string;
  reorder: string;
  latency: string;
  home: string;
  speedup: string;
  sysid: string;
  autopilot: string;
  seconds?: string;
}

/** `agrispray sim|upload|download|vehicle|start|pause|rtl|resume`. */
export function register(program: Command): void {
  program
    .command('sim')
    .description('run a simulated ArduPilot Copter (or PX4) sprayer that talks MAVLink 2 (Ctrl-C to stop)')
    .option('--link <url>', LINK_HELP, 'udpout://127.0.0.1:14550')
    .option('--loss <p>', 'packet loss 0..1 in both directions', '0')
    .option('--duplicate <p>', 'probability 0..1 that a packet arrives twice', '0')
    .option('--reorder <p>', 'probability 0..1 that a packet is overtaken', '0')
    .option('--latency <ms>', 'one-way delay in milliseconds', '0')
    .option('--home <lat,lon>', 'home position in degrees', '10.0452,105.7469')
    .option('--speedup <n>', 'simulated seconds per real second', '1')
    .option('--sysid <n>', 'MAVLink system id', '1')
    .option('--autopilot <name>', 'ardupilot (Copter) or px4', 'ardupilot')
    .option('--seconds <n>', 'stop after this many seconds (default: run until Ctrl-C)')
    .action(async (o: SimCliOptions) => {
      const home = parseHome(o.home);
      const loss = parseNumber(o.loss, '--loss', 0, 0.95);
      const speedup = parseNumber(o.speedup, '--speedup', 0.1, 100);
      const sysid = parseNumber(o.sysid, '--sysid', 1, 254);
      const duplicate = parseNumber(o.duplicate, '--duplicate', 0, 1);
      const reorder = parseNumber(o.reorder, '--reorder', 0, 1);
      const latencyMs = parseNumber(o.latency, '--latency', 0, 10_000);
      if (o.autopilot !== 'ardupilot' && o.autopilot !== 'px4') {
        throw new CliError(`--autopilot must be ardupilot or px4, got "${o.autopilot}"`, EXIT.usage);
      }
      const autopilot: 'ardupilot' | 'px4' = o.autopilot;
      let sim: Awaited<ReturnType<typeof startSim>>;
      try {
        sim = await startSim({
          link: o.link,
          home,
          loss,
          duplicate,
          reorder,
          latencyMs,
          speedup,
          sysid,
          autopilot,
        });
      } catch (e) {
        throw new CliError((e as Error).message, e instanceof LinkUrlError ? EXIT.usage : 1);
      }
      out(
        `simulated ${autopilot === 'px4' ? 'PX4' : 'ArduPilot Copter'} sprayer (sysid ${sysid}) on ${sim.link.describe()}; home ${home.lat},${home.lon}; loss ${loss}; speedup ${speedup}×`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        if (o.seconds) setTimeout(stop, parseNumber(o.seconds, '--seconds', 0.1, 86_400) * 1000);
      });
      await sim.close();
      out('simulator stopped');
    });

  program
    .command('upload')
    .description(
      'upload a .plan mission (and fence) to a vehicle; exit 0 only when accepted and read back identical',
    )
    .argument('<plan>', 'QGroundControl .plan file')
    .requiredOption('--link <url>', LINK_HELP)
    .option('--fence', 'also upload the fence of the plan')
    .option('--timeout <s>', 'seconds to wait for the vehicle', '10')
    .action(async (file: string, o: { link: string; fence?: boolean; timeout: string }) => {
      let plan: QgcPlanContent;
      try {
        plan = readQgcPlan(await readFile(file, 'utf8'));
      } catch (e) {
        throw new CliError(
          `cannot use ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          EXIT.usage,
        );
      }
      if (plan.mission.length === 0) throw new CliError(`${file} has no mission items`, EXIT.usage);
      const same = await withVehicle(o.link, o.timeout, async (v) => {
        if (plan.autopilot !== v.autopilot && v.autopilot !== 'other') {
          // ArduPilot missions start with a home item that PX4 would fly to as a waypoint (and vice versa)
          throw new CliError(
            `the plan was made for ${plan.autopilot} but the vehicle runs ${v.autopilot}: export the plan for ${v.autopilot} and upload that`,
            EXIT.usage,
          );
        }
        let ok = await uploadVerified(v, plan.mission, 0, 'mission');
        if (o.fence) ok = (await uploadVerified(v, plan.fence, 1, 'fence')) && ok;
        return ok;
      });
      if (!same)
        throw new CliError(
          'the vehicle accepted the upload but holds something different: do not fly; upload again',
          EXIT.readBackDiffers,
        );
      out(`uploaded ${file}: accepted and read back identical`);
    });

  program
    .command('download')
    .description('download the mission, fence and rally points from a vehicle')
    .requiredOption('--link <url>', LINK_HELP)
    .option('--out <file>', 'write a QGroundControl .plan file')
    .option('--timeout <s>', 'seconds to wait for the vehicle', '10')
    .action(async (o: { link: string; out?: string; timeout: string }) => {
      const content = await withVehicle(o.link, o.timeout, async (v) => {
        const p = progressPrinter('mission');
        try {
          const mission = await v.mission.download(0, { onProgress: p.onProgress });
          p.done();
          const fence = await v.mission.download(1).catch(() => []);
          const rally = await v.mission.download(2).catch(() => []);
          const c: QgcPlanContent = {
            mission,
            fence,
            rally,
            autopilot: v.autopilot === 'px4' ? 'px4' : 'ardupilot',
          };
          const home = mission[0];
          if (v.autopilot === 'ardupilot' && home)
            c.plannedHome = { position: [home.y, home.x], altM: home.z };
          return c;
        } catch (e) {
          p.done();
          if (e instanceof MissionTransferError) throw new CliError(e.message, EXIT.transfer);
          throw e;
        }
      });
      out(
        `vehicle holds ${content.mission.length} mission items, ${content.fence.length} fence items, ${content.rally.length} rally points`,
      );
      if (o.out) {
        await writeFile(o.out, writeQgcPlan(content));
        out(`wrote ${o.out}`);
      }
    });

  program
    .command('vehicle')
    .description('show live vehicle status lines (Ctrl-C to stop)')
    .requiredOption('--link <url>', LINK_HELP)
    .option('--count <n>', 'print this many lines, then exit')
    .option('--interval <s>', 'seconds between lines', '1')
    .option('--timeout <s>', 'seconds to wait for the vehicle', '10')
    .action(async (o: { link: string; count?: string; interval: string; timeout: string }) => {
      const count = o.count ? parseNumber(o.count, '--count', 1, 1e9) : Number.POSITIVE_INFINITY;
      const intervalMs = parseNumber(o.interval, '--interval', 0.1, 3600) * 1000;
      await withVehicle(o.link, o.timeout, async (v) => {
        v.on('statusText', (t) =>
          out(`  [${t.severity <= 3 ? 'ERROR' : t.severity === 4 ? 'WARN' : 'info'}] ${t.text}`),
        );
        let stop = false;
        const onSig = () => {
          stop = true;
        };
        process.once('SIGINT', onSig);
        await waitForTelemetry(v, 1500);
        for (let i = 0; i < count && !stop; i++) {
          out(formatStatusLine(v.status, v.isLost));
          if (i + 1 < count) await new Promise((r) => setTimeout(r, intervalMs));
        }
        process.off('SIGINT', onSig);
      });
    });

  program
    .command('start')
    .description('preflight check (GPS, battery, mission on board, wind), arm and start the mission')
    .requiredOption('--link <url>', LINK_HELP)
    .option('--yes', 'confirm: the drone will take off')
    .option('--min-battery <pct>', 'refuse below this battery level', '40')
    .option('--timeout <s>', 'seconds to wait for the vehicle', '10')
    .action(async (o: { link: string; yes?: boolean; minBattery: string; timeout: string }) => {
      requireYes(o.yes, 'start');
      const minBatteryPct = parseNumber(o.minBattery, '--min-battery', 0, 100);
      await withVehicle(o.link, o.timeout, async (v) => {
        await waitForTelemetry(v, 3000);
        const pre = await v.preflight({ minBatteryPct });
        for (const c of pre.checks)
          err(`  ${c.level === 'ok' ? 'ok  ' : c.level === 'warn' ? 'WARN' : 'FAIL'} ${c.name}: ${c.detail}`);
        if (!pre.ok) throw new CliError('preflight check failed: not starting', EXIT.preflight);
        try {
          if (!v.status.armed) {
            if (v.autopilot === 'ardupilot') await v.setMode('GUIDED');
            await v.arm();
            err('armed');
          }
          await v.missionStart();
        } catch (e) {
          throw new CliError(`start failed: ${(e as Error).message}`, EXIT.refused);
        }
        out('mission started');
      });
    });

  program
    .command('pause')
    .description('hold position in the mission (nozzles follow the autopilot)')
    .requiredOption('--link <url>', LINK_HELP)
    .option('--timeout <s>', 'seconds to wait for the vehicle', '10')
    .action(async (o: { link: string; timeout: string }) => {
      await withVehicle(o.link, o.timeout, async (v) => {
        await waitForTelemetry(v, 1500);
        await v.pause().catch((e: Error) => {
          throw new CliError(`pause failed: ${e.message}`, EXIT.refused);
        });
        out(`paused at item ${v.status.missionSeq ?? '?'}`);
      });
    });

  program
    .command('rtl')
    .description('switch the nozzles off, then return to launch and land')
    .requiredOption('--link <url>', LINK_HELP)
    .option('--yes', 'confirm: the drone flies home')
    .option('--timeout <s>', 'seconds to wait for the vehicle', '10')
    .action(async (o: { link: string; yes?: boolean; timeout: string }) => {
      requireYes(o.yes, 'rtl');
      await withVehicle(o.link, o.timeout, async (v) => {
        // ArduPilot keeps spraying during RTL unless the sprayer is switched off first.
        await v
          .sprayerTest(false)
          .then(() => out('nozzles off'))
          .catch((e: Error) => out(`could not switch the nozzles off (${e.message}): check the pump`));
        await v.rtl().catch((e: Error) => {
          throw new CliError(`rtl failed: ${e.message}`, EXIT.refused);
        });
        out('returning to launch');
      });
    });

  program
    .command('resume')
    .description('continue the mission (after pause, or from --item after a refill)')
    .requiredOption('--link <url>', LINK_HELP)
    .option('--item <seq>', 'mission item to continue from')
    .option('--yes', 'confirm: the drone flies the mission')
    .option('--timeout <s>', 'seconds to wait for the vehicle', '10')
    .action(async (o: { link: string; item?: string; yes?: boolean; timeout: string }) => {
      requireYes(o.yes, 'resume');
      await withVehicle(o.link, o.timeout, async (v) => {
        await waitForTelemetry(v, 1500);
        try {
          if (o.item !== undefined) await v.setCurrentItem(parseNumber(o.item, '--item', 1, 65535));
          if (v.status.mode === 'AUTO' || v.status.mode === 'AUTO.MISSION') await v.continue();
          else await v.setMode('AUTO');
        } catch (e) {
          if (e instanceof CliError) throw e;
          throw new CliError(`resume failed: ${(e as Error).message}`, EXIT.refused);
        }
        out(`resumed at item ${o.item ?? v.status.missionSeq ?? '?'}`);
      });
    });
}
