import { CatalogRepository } from '../../fields/catalog/catalog-repo.js';
import {
  closeRecord,
  listRecords,
  openRecord,
  recordStatus,
  updateRecord,
} from '../../fields/records/applications.js';
import { recordAudit, verifyAudit } from '../../fields/records/audit.js';
import { listFlights } from '../../fields/records/flight-log.js';
import { attachPlan, createJob, getJob, listJobs } from '../../fields/records/jobs.js';
import { renderCsv } from '../../fields/reports/csv.js';
import { renderGeoJson } from '../../fields/reports/geojson.js';
import { renderPdf } from '../../fields/reports/pdf.js';
import { loadReportData } from '../../fields/reports/report-data.js';
import type { ApiInput } from '../api/contract.js';
import { ApiError } from '../api/define.js';
import type { ServiceContext } from './context.js';

/** Handlers for jobs, application records, flights, as-applied maps, reports and the audit chain. */
export function recordsHandlers(ctx: ServiceContext) {
  const db = ctx.db;
  const catalog = new CatalogRepository(db);
  const changed = (reason: string) => ctx.emit('records.changed', { reason });
  return {
    'jobs.list': async ({ status }: ApiInput<'jobs.list'>) => listJobs(db, status ? { status } : {}),

    'jobs.create': async (input: ApiInput<'jobs.create'>) => {
      const fields = await Promise.all(input.fieldIds.map((id) => ctx.fields.get(id)));
      const missing = input.fieldIds.filter((_, i) => !fields[i]);
      if (missing.length)
        throw new ApiError({ code: 'not_found', message: `no field with id ${missing.join(', ')}` });
      const products = [];
      for (const [i, p] of (input.products ?? []).entries()) {
        const prod = await catalog.getProduct(p.productId);
        if (!prod)
          throw new ApiError({
            code: 'not_found',
            message: `products.${i}: no product with id ${p.productId}`,
          });
        products.push({
          name: prod.name,
          activeIngredient: prod.activeIngredients
            .map((a) => `${a.name} ${a.concentration} ${a.concentrationUnit}`)
            .join(' + '),
          registrationNo: prod.registrationNumber,
          dosePerHa: p.dosePerHa,
          unit: prod.labelRate.unit,
          phiDays: prod.phiDays,
        });
      }
      const job = await createJob(db, {
        farmer: input.farmer,
        farmerPhone: input.farmerPhone ?? '',
        plots: fields.map((f) => ({
          plotId: f!.id,
          name: f!.name,
          owner: f!.owner,
          areaM2: f!.areaM2,
          polygons: f!.geometry.coordinates as [number, number][][][],
        })),
        crop: input.crop ?? (fields[0]!.crop || 'lúa'),
        cropStage: input.cropStage ?? '',
        target: input.target ?? '',
        products,
        ...(input.waterLha ? { waterLha: input.waterLha } : {}),
        ...(input.plannedDate ? { plannedDate: input.plannedDate } : {}),
        notes: input.notes ?? '',
      });
      changed('job');
      return job;
    },

    'jobs.get': async ({ id }: ApiInput<'jobs.get'>) => {
      const job = await getJob(db, id);
      if (!job) throw new ApiError({ code: 'not_found', message: `no job ${id}` });
      return {
        job,
        flights: await listFlights(db, { jobId: id }),
        records: await listRecords(db, { jobId: id }),
      };
    },

    'jobs.attachPlan': async ({ jobId, planId }: ApiInput<'jobs.attachPlan'>) => {
      const p = await ctx.plans.get(planId);
      if (!p) throw new ApiError({ code: 'not_found', message: `no plan with id ${planId}` });
      const r = await attachPlan(db, jobId, p.plan, { planId });
      changed('plan');
      return r;
    },

    'records.open': async ({ jobId }: ApiInput<'records.open'>) => {
      const existing = (await listRecords(db, { jobId })).find((r) => r.status === 'open');
      const rec = existing ?? (await openRecord(db, jobId));
      changed('record');
      return recordStatus(db, rec.id);
    },

    'records.update': async ({ id, patch }: ApiInput<'records.update'>) => {
      await updateRecord(db, id, patch as never);
      changed('record');
      return recordStatus(db, id);
    },

    'records.status': async ({ id }: ApiInput<'records.status'>) => recordStatus(db, id),

    'records.close': async ({ id }: ApiInput<'records.close'>) => {
      const r = await closeRecord(db, id);
      changed('record');
      return r;
    },

    'flights.list': async ({ jobId }: ApiInput<'flights.list'>) => listFlights(db, jobId ? { jobId } : {}),

    'asApplied.view': async ({ id }: ApiInput<'asApplied.view'>) => {
      const data = await loadReportData(db, id);
      const a = data.view.analysis;
      return {
        geojson: renderGeoJson(data),
        notes: data.view.notes,
        ...(a
          ? {
              summary: {
                sprayedM2: a.sprayed.areaM2,
                coverage: a.coverage,
                ...(a.coverageOfPlan !== undefined ? { coverageOfPlan: a.coverageOfPlan } : {}),
                doubleSprayedM2: a.doubleSprayed.areaM2,
                outsideM2: a.outsidePlots.areaM2,
                noSprayM2: a.inNoSpray.areaM2,
                liquidL: a.liquidL,
                ...(a.plannedLiquidL !== undefined ? { plannedLiquidL: a.plannedLiquidL } : {}),
                ...(a.plannedRouteLiquidL !== undefined
                  ? { plannedRouteLiquidL: a.plannedRouteLiquidL }
                  : {}),
              },
            }
          : {}),
      };
    },

    'report.export': async ({ id, format, lang }: ApiInput<'report.export'>) => {
      const data = await loadReportData(db, id);
      const l = lang ?? 'vi';
      const stamp = new Date().toISOString().slice(0, 10);
      let out: { fileName: string; mime: string; base64: string };
      if (format === 'pdf') {
        out = {
          fileName: `agrispray-${id}-${stamp}.pdf`,
          mime: 'application/pdf',
          base64: (await renderPdf(data, { lang: l })).toString('base64'),
        };
      } else if (format === 'csv') {
        out = {
          fileName: `agrispray-${id}-${stamp}.csv`,
          mime: 'text/csv',
          base64: Buffer.from(renderCsv(data, l), 'utf8').toString('base64'),
        };
      } else {
        out = {
          fileName: `agrispray-${id}-${stamp}.geojson`,
          mime: 'application/geo+json',
          base64: Buffer.from(JSON.stringify(renderGeoJson(data)), 'utf8').toString('base64'),
        };
      }
      await recordAudit(db, {
        kind: 'report.exported',
        subject: `${data.scope}:${data.id}`,
        data: { format, lang: l, fileName: out.fileName, auditHead: data.auditHead ?? null },
      });
      return out;
    },

    'audit.verify': async () => verifyAudit(db),
  };
}
