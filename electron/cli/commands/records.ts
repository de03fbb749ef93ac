import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Db } from '../../../fields/db.js';
import { ALL_MIGRATIONS } from '../../../fields/migrations.js';
import {
  closeRecord,
  getRecord,
  listRecords,
  openRecord,
  recordStatus,
  updateRecord,
  verifyRecords,
} from '../../../fields/records/applications.js';
import { loadApplied } from '../../../fields/records/as-applied-store.js';
import { listAudit, recordAudit, verifyAudit } from '../../../fields/records/audit.js';
import {
  closeFlight,
  FlightLogger,
  insertSamples,
  listFlights,
  readSamples,
  verifyFlightSamples,
} from '../../../fields/records/flight-log.js';
import { attachPlan, createJob, getJob, listJobs } from '../../../fields/records/jobs.js';
import { FlightRecorder } from '../../../fields/records/recorder.js';
import { renderCsv, renderSamplesCsv } from '../../../fields/reports/csv.js';
import { renderGeoJson } from '../../../fields/reports/geojson.js';
import type { ReportLang } from '../../../fields/reports/i18n.js';
import { renderPdf } from '../../../fields/reports/pdf.js';
import { loadReportData, ReportSubjectError } from '../../../fields/reports/report-data.js';
import { parseFieldFile, plotAreaM2 } from '../../../mission/field/parse-field-file.js';
import { planCoverage } from '../../../mission/plan/index.js';
import type { Plan } from '../../../mission/plan/types.js';
import { type ApplicationRecordDraft, RecordIncompleteError } from '../../../mission/records/application.js';
import type { JobProduct } from '../../../mission/records/job.js';
import type { TelemetrySample } from '../../../mission/telemetry/types.js';
import { resolveDbPath } from '../../app-paths.js';
import { CliError } from '../cli-error.js';
import { DB_HELP, textTable } from '../text-table.js';

/** Opens the app database with every migration, runs `fn`, closes it. */
async function withDb<T>(flag: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await Db.open(resolveDbPath(flag), ALL_MIGRATIONS);
  try {
    return await fn(db);
  } catch (e) {
    if (e instanceof RecordIncompleteError)
      throw new CliError(
        `record cannot be closed, missing or invalid:\n${e.problems.map((p) => `  ${p.path} (${p.label.en} / ${p.label.vi}): ${p.problem}`).join('\n')}`,
        2,
      );
    if (e instanceof ReportSubjectError) throw new CliError(e.message, 2);
    if (e instanceof Error && e.name === 'InputError') throw new CliError(e.message, 2);
    throw e;
  } finally {
    await db.close();
  }
}

function out(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

function localTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${name}: expected a positive number, got "${v}"`, 2);
  return n;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** "Chess 50WG;Pymetrozine 50%;BVTV 1234;0.3;kg;7" → a job product. */
export function parseProductFlag(v: string): JobProduct {
  const [name, activeIngredient, registrationNo, dose, unit, phi] = v.split(';').map((s) => s.trim());
  const dosePerHa = Number(dose);
  if (!name || !Number.isFinite(dosePerHa) || dosePerHa <= 0 || (unit !== 'L' && unit !== 'kg'))
    throw new CliError(
      `--product "${v}": expected "name;active ingredient;registration no;dose per ha;L|kg;PHI days"`,
      2,
    );
  const p: JobProduct = { name, dosePerHa, unit };
  if (activeIngredient) p.activeIngredient = activeIngredient;
  if (registrationNo) p.registrationNo = registrationNo;
  if (phi) {
    const d = Number(phi);
    if (!Number.isInteger(d) || d < 0)
      throw new CliError(`--product "${v}": PHI days must be a whole number`, 2);
    p.phiDays = d;
  }
  return p;
}

/**
 * `key=value` assignments → a draft patch. Keys are dotted paths with indexes
 * (`operator.name`, `products[0].registrationNo`); numbers and true/false are parsed.
 */
export function parseAssignments(
  items: string[],
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const root: Record<string, unknown> = structuredClone(base);
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--set "${item}": expected key=value`, 2);
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1);
    const value: unknown =
      raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw.trim() !== '' && Number.isFinite(Number(raw))
            ? Number(raw)
            : raw;
    const parts = key.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
    let cur: Record<string, unknown> | unknown[] = root;
    parts.forEach((p, i) => {
      const k: string | number = /^\d+$/.test(p) ? Number(p) : p;
      const last = i === parts.length - 1;
      const next = parts[i + 1];
      const c = cur as Record<string | number, unknown>;
      if (last) c[k] = value;
      else {
        if (typeof c[k] !== 'object' || c[k] === null)
          c[k] = next !== undefined && /^\d+$/.test(next) ? [] : {};
        cur = c[k] as Record<string, unknown>;
      }
    });
  }
  return root;
}

function lang(v: string | undefined): ReportLang {
  if (v === undefined || v === 'vi' || v === 'en') return v ?? 'vi';
  throw new CliError(`--lang: expected vi or en, got "${v}"`, 2);
}

/** Commands of issue 6: jobs, records, flights, log, report, audit. */
export function register(program: Command): void {
  registerJobs(program);
  registerRecords(program);
  registerFlights(program);
  registerLog(program);
  registerReport(program);
  registerAudit(program);
}

function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('spraying jobs asked for by farmers');
  jobs
    .command('create')
    .description('create a job on the plots of a field file (GeoJSON)')
    .requiredOption('--farmer <name>', 'who asked for the job')
    .requiredOption('--plots <file>', 'field file with the plots (GeoJSON, as for `plan`)')
    .option('--phone <phone>', 'farmer phone')
    .option('--crop <crop>', 'crop (default lúa)')
    .option('--stage <stage>', 'crop stage, e.g. "đòng trổ"')
    .option('--target <pest>', 'target pest or disease')
    .option(
      '--product <spec...>',
      '"name;active ingredient;registration no;dose per ha;L|kg;PHI days" (repeatable)',
    )
    .option('--water <L/ha>', 'spray liquid per hectare')
    .option('--date <YYYY-MM-DD>', 'planned date')
    .option('--notes <text>', 'notes')
    .option('--operator <name>', 'who is doing this (audit)')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print the job as JSON')
    .action(async (o: Record<string, string | string[] | boolean | undefined>) => {
      const field = parseFieldFile(await readText(o.plots as string));
      const input = {
        farmer: o.farmer as string,
        plots: field.plots.map((p) => ({
          plotId: p.id,
          ...(p.name ? { name: p.name } : {}),
          ...(p.owner ? { owner: p.owner } : {}),
          areaM2: plotAreaM2(p.polygons),
          polygons: p.polygons,
        })),
        products: ((o.product as string[] | undefined) ?? []).map(parseProductFlag),
        ...(o.phone ? { farmerPhone: o.phone as string } : {}),
        ...(o.crop ? { crop: o.crop as string } : {}),
        ...(o.stage ? { cropStage: o.stage as string } : {}),
        ...(o.target ? { target: o.target as string } : {}),
        ...(o.water ? { waterLha: positive('--water', o.water as string)! } : {}),
        ...(o.date ? { plannedDate: o.date as string } : {}),
        ...(o.notes ? { notes: o.notes as string } : {}),
      };
      const job = await withDb(o.db as string | undefined, (db) =>
        createJob(db, input, { actor: (o.operator as string | undefined) ?? 'cli' }),
      );
      if (o.json) out(JSON.stringify(job, null, 2));
      else out(`created ${job.id}  ${job.farmer}  ${job.plots.length} plot(s)`);
    });

  jobs
    .command('plan')
    .description("plan the spray route over a job's plots and keep it with the job")
    .argument('<jobId>')
    .option('--swath <m>', 'swath width (m)', '5')
    .option('--speed <m/s>', 'spray speed (m/s)', '5')
    .option('--from <plan.json>', 'use this plan (JSON with pieces, params and origin) instead of planning')
    .option('--operator <name>', 'who is doing this (audit)')
    .option('--db <path>', DB_HELP)
    .action(
      async (
        jobId: string,
        o: { swath: string; speed: string; from?: string; operator?: string; db?: string },
      ) => {
        await withDb(o.db, async (db) => {
          const job = await getJob(db, jobId);
          if (!job) throw new CliError(`no job ${jobId} (see: agrispray jobs list)`, 2);
          let plan: Plan;
          if (o.from) {
            const j = JSON.parse(await readText(o.from)) as Plan & { plan?: Plan };
            plan = j.pieces ? j : (j.plan as Plan);
            if (!plan?.pieces || !plan.origin || !plan.params)
              throw new CliError(`${o.from}: not a plan (needs pieces, params and origin)`, 2);
          } else {
            const field = {
              plots: job.plots.map((p) => ({ id: p.plotId, polygons: p.polygons })),
              noSpray: [],
              noFly: [],
            };
            plan = planCoverage(field, {
              swathM: positive('--swath', o.swath)!,
              speedMps: positive('--speed', o.speed)!,
            });
          }
          const { planId, sha256 } = await attachPlan(db, jobId, plan, { actor: o.operator ?? 'cli' });
          out(
            `plan ${planId} for ${jobId}: ${plan.pieces.filter((p) => p.kind === 'spray').length} spray pieces, swath ${plan.params.swathM} m, coverage ${(plan.metrics.coverage * 100).toFixed(1)} %, sha256 ${sha256.slice(0, 16)}…`,
          );
        });
      },
    );

  jobs
    .command('list')
    .description('list jobs')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const list = await withDb(o.db, (db) => listJobs(db));
      if (o.json) return out(JSON.stringify(list, null, 2));
      if (list.length === 0) return out('no jobs');
      out(
        textTable([
          ['ID', 'DATE', 'FARMER', 'PLOTS', 'AREA', 'CROP', 'TARGET', 'STATUS'],
          ...list.map((j) => [
            j.id,
            j.plannedDate ?? '',
            j.farmer,
            String(j.plots.length),
            `${(j.plots.reduce((s, p) => s + p.areaM2, 0) / 10_000).toFixed(2)} ha`,
            j.crop,
            j.target,
            j.status,
          ]),
        ]),
      );
    });

  jobs
    .command('show')
    .description('show a job as JSON')
    .argument('<jobId>')
    .option('--db <path>', DB_HELP)
    .action(async (jobId: string, o: { db?: string }) => {
      const job = await withDb(o.db, (db) => getJob(db, jobId));
      if (!job) throw new CliError(`no job ${jobId}`, 2);
      out(JSON.stringify(job, null, 2));
    });
}

function registerRecords(program: Command): void {
  const records = program.command('records').description('application records (VietGAP / GlobalG.A.P.)');
  const setHelp =
    'field=value, e.g. operator.licenceNo=UAV-0420 weather.windSpeedMps=2.1 products[0].registrationNo=…';
  records
    .command('open')
    .description('open a record for a job, prefilled from the job and its flights')
    .argument('<jobId>')
    .option('--from <file.json>', 'record fields as JSON')
    .option('--set <field=value...>', setHelp)
    .option('--operator <name>', 'who is doing this (audit)')
    .option('--db <path>', DB_HELP)
    .action(async (jobId: string, o: { from?: string; set?: string[]; operator?: string; db?: string }) => {
      const base = o.from ? (JSON.parse(await readText(o.from)) as Record<string, unknown>) : {};
      const draft = parseAssignments(o.set ?? [], base) as ApplicationRecordDraft;
      await withDb(o.db, async (db) => {
        const r = await openRecord(db, jobId, { draft, actor: o.operator ?? 'cli' });
        const { problems } = await recordStatus(db, r.id);
        out(`opened ${r.id} for ${jobId}`);
        if (problems.length) out(`still missing: ${problems.map((p) => p.path).join(', ')}`);
      });
    });

  records
    .command('set')
    .description('fill in fields of an open record')
    .argument('<recordId>')
    .argument('[assignments...]', setHelp)
    .option('--from <file.json>', 'record fields as JSON')
    .option('--operator <name>', 'who is doing this (audit)')
    .option('--db <path>', DB_HELP)
    .action(
      async (id: string, assignments: string[], o: { from?: string; operator?: string; db?: string }) => {
        const base = o.from ? (JSON.parse(await readText(o.from)) as Record<string, unknown>) : {};
        const patch = parseAssignments(assignments, base) as ApplicationRecordDraft;
        await withDb(o.db, async (db) => {
          // Array items are merged one by one so `products[0].x=…` keeps the rest of products[0].
          const cur = await getRecord(db, id);
          if (!cur) throw new CliError(`no record ${id}`, 2);
          for (const k of Object.keys(patch) as (keyof ApplicationRecordDraft)[]) {
            const v = patch[k];
            const old = cur.data[k];
            if (Array.isArray(v) && Array.isArray(old))
              (patch as Record<string, unknown>)[k] = old
                .map((x, i) =>
                  v[i] && typeof v[i] === 'object' ? { ...(x as object), ...(v[i] as object) } : (v[i] ?? x),
                )
                .concat(v.slice(old.length));
          }
          await updateRecord(db, id, patch, { actor: o.operator ?? 'cli' });
          const { problems } = await recordStatus(db, id);
          out(
            problems.length
              ? `updated; still missing: ${problems.map((p) => p.path).join(', ')}`
              : 'updated; complete, ready to close',
          );
        });
      },
    );

  records
    .command('check')
    .description('name the fields that still stop a record from being closed')
    .argument('<recordId>')
    .option('--db <path>', DB_HELP)
    .action(async (id: string, o: { db?: string }) => {
      const { record, problems } = await withDb(o.db, (db) => recordStatus(db, id));
      if (record.status === 'closed') return out(`${id} is closed (hash ${record.recordHash})`);
      if (problems.length === 0)
        return out(`${id} is complete: close it with "agrispray records close ${id}"`);
      out(problems.map((p) => `${p.path}  ${p.label.en} / ${p.label.vi}: ${p.problem}`).join('\n'));
      process.exitCode = 1;
    });

  records
    .command('close')
    .description('close a record (final, hashed into the audit chain); names any missing field')
    .argument('<recordId>')
    .option('--operator <name>', 'who is doing this (audit)')
    .option('--db <path>', DB_HELP)
    .action(async (id: string, o: { operator?: string; db?: string }) => {
      const r = await withDb(o.db, (db) => closeRecord(db, id, o.operator ? { actor: o.operator } : {}));
      out(`closed ${r.id}  safe harvest from ${r.data.safeHarvestDate}  hash ${r.recordHash}`);
    });

  records
    .command('list')
    .description('list application records')
    .option('--job <jobId>', 'only this job')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (o: { job?: string; db?: string; json?: boolean }) => {
      const list = await withDb(o.db, (db) => listRecords(db, o.job ? { jobId: o.job } : {}));
      if (o.json) return out(JSON.stringify(list, null, 2));
      if (list.length === 0) return out('no records');
      out(
        textTable([
          ['ID', 'JOB', 'STATUS', 'START', 'PRODUCTS', 'SAFE HARVEST', 'HASH'],
          ...list.map((r) => [
            r.id,
            r.jobId,
            r.status,
            r.data.startedAt ? localTime(Date.parse(r.data.startedAt)) : '',
            (r.data.products ?? []).map((p) => p?.name).join(', '),
            r.data.safeHarvestDate ?? '',
            r.recordHash ? `${r.recordHash.slice(0, 16)}…` : '',
          ]),
        ]),
      );
    });

  records
    .command('show')
    .description('show a record as JSON')
    .argument('<recordId>')
    .option('--db <path>', DB_HELP)
    .action(async (id: string, o: { db?: string }) => {
      const r = await withDb(o.db, (db) => getRecord(db, id));
      if (!r) throw new CliError(`no record ${id}`, 2);
      out(JSON.stringify(r, null, 2));
    });
}

function registerFlights(program: Command): void {
  const flights = program.command('flights').description('recorded flights (telemetry log)');
  flights
    .command('list')
    .description('list recorded flights, newest first')
    .option('--job <jobId>', 'only this job')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (o: { job?: string; db?: string; json?: boolean }) => {
      const list = await withDb(o.db, (db) => listFlights(db, o.job ? { jobId: o.job } : {}));
      if (o.json) return out(JSON.stringify(list, null, 2));
      if (list.length === 0) return out('no flights');
      out(
        textTable([
          ['ID', 'JOB', 'VEHICLE', 'SORTIE', 'OPERATOR', 'START (UTC+7)', 'END', 'MIN', 'SAMPLES', 'STATE'],
          ...list.map((f) => [
            f.id,
            f.jobId ?? '',
            f.vehicle,
            f.sortie !== undefined ? String(f.sortie) : '',
            f.operator ?? '',
            localTime(f.startedAt),
            f.endedAt !== null ? localTime(f.endedAt).slice(11) : '–',
            f.endedAt !== null ? ((f.endedAt - f.startedAt) / 60_000).toFixed(1) : '',
            String(f.storedSamples),
            f.samplesSha256 ? 'closed' : 'open (crashed or flying)',
          ]),
        ]),
      );
    });

  flights
    .command('close')
    .description('close a flight left open (e.g. after a crash): end time, sample digest, audit event')
    .argument('<flightId>')
    .option('--db <path>', DB_HELP)
    .action(async (id: string, o: { db?: string }) => {
      const f = await withDb(o.db, (db) => closeFlight(db, id, { actor: 'cli' }));
      out(`closed ${f.id}: ${f.sampleCount} samples, sha256 ${f.samplesSha256}`);
    });

  flights
    .command('import')
    .description(
      'record a flight from a samples file (JSON Lines of telemetry samples, e.g. from a drone log)',
    )
    .requiredOption('--samples <file.jsonl>', 'one TelemetrySample JSON object per line')
    .requiredOption('--vehicle <name>', 'vehicle name or registration')
    .option('--job <jobId>', 'job flown')
    .option('--plan <planId>', 'plan flown')
    .option('--sortie <n>', 'tank load number')
    .option('--operator <name>', 'operator')
    .option('--swath <m>', 'swath width (m), for the as-applied map')
    .option('--rate <L/ha>', 'planned application volume')
    .option('--db <path>', DB_HELP)
    .action(async (o: Record<string, string | undefined>) => {
      const lines = (await readText(o.samples!)).split(/\r?\n/).filter((l) => l.trim() !== '');
      const samples: TelemetrySample[] = lines.map((l, i) => {
        let s: Partial<TelemetrySample>;
        try {
          s = JSON.parse(l) as Partial<TelemetrySample>;
        } catch {
          throw new CliError(`${o.samples}: line ${i + 1} is not JSON`, 2);
        }
        for (const k of ['t', 'lat', 'lon'] as const)
          if (typeof s[k] !== 'number')
            throw new CliError(`${o.samples}: line ${i + 1}: "${k}" must be a number`, 2);
        const defaults = {
          altM: 0,
          groundSpeedMps: 0,
          headingDeg: 0,
          spraying: false,
          mode: '',
          armed: true,
        };
        return { ...defaults, ...s } as TelemetrySample;
      });
      if (samples.length === 0) throw new CliError(`${o.samples}: no samples`, 2);
      samples.sort((a, b) => a.t - b.t);
      const f = await withDb(o.db, async (db) => {
        const log = await FlightLogger.start(
          db,
          {
            vehicle: o.vehicle!,
            ...(o.job ? { jobId: o.job } : {}),
            ...(o.plan ? { planId: o.plan } : {}),
            ...(o.sortie ? { sortie: positive('--sortie', o.sortie)! } : {}),
            ...(o.operator ? { operator: o.operator } : {}),
            ...(o.swath ? { swathM: positive('--swath', o.swath)! } : {}),
            ...(o.rate ? { rateLha: positive('--rate', o.rate)! } : {}),
          },
          { startedAt: samples[0]!.t, actor: o.operator ?? 'cli' },
        );
        await insertSamples(db, log.flightId, samples);
        return log.close();
      });
      out(
        `recorded ${f.id}: ${f.sampleCount} samples, ${((f.endedAt! - f.startedAt) / 60_000).toFixed(1)} min`,
      );
    });

  flights
    .command('samples')
    .description("print a flight's samples as CSV")
    .argument('<flightId>')
    .option('--db <path>', DB_HELP)
    .action(async (id: string, o: { db?: string }) => {
      process.stdout.write(renderSamplesCsv(await withDb(o.db, (db) => readSamples(db, id))));
    });
}

function registerLog(program: Command): void {
  program
    .command('log')
    .description('record flights from a vehicle without the UI: one flight per arm…disarm, until Ctrl-C')
    .requiredOption(
      '--link <url>',
      'udpin://0.0.0.0:14550, udpout://host:port, tcp://host:port, serial:///dev/ttyUSB0:57600',
    )
    .option('--job <jobId>', 'job being flown')
    .option('--plan <planId>', 'plan being flown')
    .option('--operator <name>', 'operator')
    .option('--vehicle <name>', 'vehicle name (default: "sysid N")')
    .option('--swath <m>', 'swath width (m)')
    .option('--rate <L/ha>', 'planned application volume')
    .option('--now', 'start recording at once instead of waiting for arming')
    .option('--duration <s>', 'stop after this many seconds')
    .option('--db <path>', DB_HELP)
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const { connectVehicle } = await import('../../../mavlink/index.js');
      const db = await Db.open(resolveDbPath(o.db as string | undefined), ALL_MIGRATIONS);
      const session = await connectVehicle(o.link as string).catch(async (e) => {
        await db.close();
        throw new CliError(`cannot connect to ${o.link}: ${(e as Error).message}`);
      });
      const vehicleName = (o.vehicle as string | undefined) ?? `sysid ${session.vehicle.info.sysid}`;
      const recorder = new FlightRecorder(
        db,
        {
          vehicle: vehicleName,
          ...(o.job ? { jobId: o.job as string } : {}),
          ...(o.plan ? { planId: o.plan as string } : {}),
          ...(o.operator ? { operator: o.operator as string } : {}),
          ...(o.swath ? { swathM: positive('--swath', o.swath as string)! } : {}),
          ...(o.rate ? { rateLha: positive('--rate', o.rate as string)! } : {}),
        },
        {
          mode: o.now ? 'always' : 'armed',
          onError: (e) => process.stderr.write(`agrispray: log write failed: ${e.message}\n`),
          onFlightStarted: (id, sortie) => process.stderr.write(`recording ${id} (sortie ${sortie})\n`),
          onFlightClosed: (f) => process.stderr.write(`closed ${f.id}: ${f.sampleCount} samples\n`),
        },
      );
      session.vehicle.on('sample', (s) => recorder.push(s));
      session.vehicle.on('lost', () =>
        process.stderr.write('link lost; still recording when it comes back\n'),
      );
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
        const d = o.duration ? positive('--duration', o.duration as string)! : undefined;
        if (d) setTimeout(done, d * 1000).unref();
      });
      await recorder.stop();
      await session.close();
      if (recorder.lastError) process.stderr.write(`agrispray: ${recorder.lastError.message}\n`);
      await db.close();
    });
}

function registerReport(program: Command): void {
  program
    .command('report')
    .description('export the report of a job, flight or record: PDF, CSV or GeoJSON (Vietnamese or English)')
    .argument('<id>', 'job id, flight id or record id')
    .option('--format <format>', 'pdf | csv | geojson | samples-csv', 'pdf')
    .requiredOption('--out <file>', 'output file')
    .option('--lang <vi|en>', 'language', 'vi')
    .option('--operator <name>', 'who exports (audit)')
    .option('--db <path>', DB_HELP)
    .action(
      async (
        id: string,
        o: { format: string; out: string; lang: string; operator?: string; db?: string },
      ) => {
        const lg = lang(o.lang);
        if (!['pdf', 'csv', 'geojson', 'samples-csv'].includes(o.format))
          throw new CliError(`--format: expected pdf, csv, geojson or samples-csv, got "${o.format}"`, 2);
        await withDb(o.db, async (db) => {
          const data = await loadReportData(db, id);
          let body: Buffer;
          if (o.format === 'pdf') body = await renderPdf(data, { lang: lg });
          else if (o.format === 'csv') body = Buffer.from(renderCsv(data, lg), 'utf8');
          else if (o.format === 'geojson')
            body = Buffer.from(`${JSON.stringify(renderGeoJson(data), null, 1)}\n`, 'utf8');
          else body = Buffer.from(renderSamplesCsv(data.view.samples), 'utf8');
          await writeFile(o.out, body);
          const sha256 = createHash('sha256').update(body).digest('hex');
          await recordAudit(db, {
            kind: 'report.exported',
            subject: `${data.scope}:${data.id}`,
            actor: o.operator ?? 'cli',
            data: {
              format: o.format,
              lang: lg,
              sha256,
              recordId: data.record?.id ?? null,
              recordHash: data.record?.recordHash ?? null,
            },
          });
          out(`wrote ${o.out} (${o.format}, ${body.length} bytes, sha256 ${sha256.slice(0, 16)}…)`);
          if (!data.record) out(`note: ${data.scope} ${data.id} has no application record yet`);
          else if (data.record.status !== 'closed')
            out(`note: record ${data.record.id} is not closed (draft)`);
        });
      },
    );

  // Quick look at the as-applied figures without writing a file.
  program
    .command('as-applied')
    .description(
      'print the as-applied figures (coverage, gaps, double spray, liquid, dose) of a job or flight',
    )
    .argument('<id>', 'job id or flight id')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (id: string, o: { db?: string; json?: boolean }) => {
      const view = await withDb(o.db, async (db) =>
        (await getJob(db, id))
          ? loadApplied(db, { jobId: id })
          : loadApplied(db, { flightIds: [id] }).catch(() => {
              throw new CliError(`no job or flight ${id}`, 2);
            }),
      );
      const a = view.analysis;
      if (!a) return out(view.notes.join('\n') || 'nothing to analyse');
      if (o.json) return out(JSON.stringify({ ...a, trackXY: undefined, sprayTracksXY: undefined }, null, 1));
      out(
        textTable([
          ['PLOT', 'AREA m²', 'COVERAGE', 'GAPS m²', 'DOUBLE m²', 'LIQUID L', 'PLANNED L', 'L/ha', 'DOSE'],
          ...a.perPlot.map((p) => [
            p.name ?? p.plotId,
            p.targetAreaM2.toFixed(0),
            `${(p.coverage * 100).toFixed(1)} %`,
            p.gapAreaM2.toFixed(0),
            p.doubleSprayedM2.toFixed(0),
            p.liquidL.toFixed(2),
            p.plannedLiquidL?.toFixed(2) ?? '',
            p.doseLha?.toFixed(1) ?? '',
            p.doseFlag,
          ]),
        ]),
      );
      out(
        `total: coverage ${(a.coverage * 100).toFixed(1)} %${a.coverageOfPlan !== undefined ? ` (of plan ${(a.coverageOfPlan * 100).toFixed(1)} %)` : ''}, liquid ${a.liquidL.toFixed(2)} L (${a.liquidSource}), outside ${a.outsidePlots.areaM2.toFixed(0)} m², no-spray ${a.inNoSpray.areaM2.toFixed(1)} m²`,
      );
      for (const w of [
        ...a.warnings,
        ...a.perPlot.flatMap((p) => p.flags.map((f) => `${p.name ?? p.plotId}: ${f}`)),
      ])
        out(`! ${w}`);
    });
}

function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description(
      're-check the audit chain, flight sample digests and closed records; exit 3 on the first break',
    )
    .option(
      '--anchor <seq:hash>',
      'a chain head printed earlier (e.g. on a report): also catches rows removed from the end',
    )
    .option('--db <path>', DB_HELP)
    .action(async (o: { anchor?: string; db?: string }) => {
      let expectHead: { seq: number; hash: string } | undefined;
      if (o.anchor) {
        const m = /^#?(\d+):([0-9a-f]{12,64})…?$/i.exec(o.anchor.trim());
        if (!m)
          throw new CliError(
            `--anchor: expected <seq>:<sha256, at least 12 hex digits>, got "${o.anchor}"`,
            2,
          );
        expectHead = { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
      }
      const r = await withDb(o.db, async (db) => ({
        chain: await verifyAudit(db, expectHead ? { expectHead } : {}),
        flights: await verifyFlightSamples(db),
        records: await verifyRecords(db),
      }));
      if (!r.chain.ok) {
        throw new CliError(
          `audit chain BROKEN at row ${r.chain.broken.index} (seq ${r.chain.broken.seq ?? '?'}): ${r.chain.broken.problem}\n${r.chain.count} rows in the chain`,
          3,
        );
      }
      const bad = [
        ...r.flights.mismatches.map((m) => `flight ${m.flightId}: ${m.problem}`),
        ...r.records.mismatches.map((m) => `record ${m.recordId}: ${m.problem}`),
      ];
      if (bad.length > 0)
        throw new CliError(`audit chain OK (${r.chain.count} events) but:\n  ${bad.join('\n  ')}`, 3);
      out(
        `OK ${r.chain.count} events${r.chain.head ? `, head ${r.chain.head.seq}:${r.chain.head.hash}` : ''}; ${r.flights.checked} flight logs and ${r.records.checked} closed records match`,
      );
    });

  audit
    .command('list')
    .description('list audit events')
    .option('--subject <subject>', 'e.g. job:job-1a2b3c4d, flight:flt-…, record:rec-…')
    .option('--limit <n>', 'at most this many')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (o: { subject?: string; limit?: string; db?: string; json?: boolean }) => {
      const list = await withDb(o.db, (db) =>
        listAudit(db, {
          ...(o.subject ? { subject: o.subject } : {}),
          ...(o.limit ? { limit: positive('--limit', o.limit)! } : {}),
        }),
      );
      if (o.json) return out(JSON.stringify(list, null, 2));
      if (list.length === 0) return out('no events');
      out(
        textTable([
          ['SEQ', 'AT (UTC)', 'KIND', 'SUBJECT', 'ACTOR', 'HASH'],
          ...list.map((e) => [
            String(e.seq),
            e.at.slice(0, 19),
            e.kind,
            e.subject,
            e.actor,
            `${e.hash.slice(0, 12)}…`,
          ]),
        ]),
      );
    });
}
