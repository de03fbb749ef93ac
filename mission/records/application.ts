import { z } from 'zod';
import { InputError, pathToString } from '../dose/input-error.js';
import type { LngLat } from '../geo/types.js';

/**
 * The content of an application record, as VietGAP / GlobalG.A.P. pesticide record keeping asks
 * for it: when, where (plots with area and polygon), crop and stage, target, products (name,
 * active ingredient, registration number, dose per ha, total), water volume, pre-harvest interval
 * and the safe-harvest date, operator and licence, drone and its registration, weather.
 * Pure (zod only): the UI validates with it too.
 */

const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO date-time, e.g. 2026-11-29T07:30:00+07:00',
});
const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const text = (what: string) => z.string().trim().min(1, `${what} is empty`).max(200);
const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** One plot of the record. */
export const recordPlotSchema = z.object({
  plotId: text('plot id'),
  name: z.string().max(120).optional(),
  owner: z.string().max(120).optional(),
  /** Plot area (m²). */
  areaM2: z.number().positive(),
  /** Area actually sprayed on it (m²), from the as-applied map. */
  sprayedAreaM2: z.number().nonnegative().optional(),
  /** GeoJSON MultiPolygon coordinates. */
  polygons: z.array(z.array(z.array(lngLat).min(4))).min(1),
});
export type RecordPlot = z.output<typeof recordPlotSchema>;

/** One product as used: what the label and the register say, and how much went on. */
export const productUseSchema = z.object({
  name: text('product name'),
  activeIngredient: text('active ingredient'),
  registrationNo: text('registration number'),
  /** Product per hectare, in `unit` (L or kg). */
  dosePerHa: z.number().positive().max(100),
  unit: z.enum(['L', 'kg']),
  /** Product used in total, in `unit`. */
  totalAmount: z.number().positive(),
  /** Pre-harvest interval (days). */
  phiDays: z.number().int().min(0).max(365),
});
export type ProductUse = z.output<typeof productUseSchema>;

export const weatherSchema = z.object({
  windSpeedMps: z.number().min(0).max(40),
  /** Direction the wind comes FROM, degrees clockwise from north. */
  windDirDeg: z.number().min(0).max(360),
  temperatureC: z.number().min(-20).max(60),
  humidityPct: z.number().min(0).max(100),
  source: z.enum(['vehicle', 'entered', 'station']),
});
export type Weather = z.output<typeof weatherSchema>;

/** A complete application record: what `closeRecord` requires. */
export const applicationRecordSchema = z
  .object({
    jobId: text('job id'),
    startedAt: isoDateTime,
    endedAt: isoDateTime,
    plots: z.array(recordPlotSchema).min(1, 'at least one plot'),
    crop: text('crop'),
    cropStage: text('crop stage'),
    target: text('target pest or disease'),
    products: z.array(productUseSchema).min(1, 'at least one product'),
    /** Spray liquid per hectare (L/ha). */
    waterLha: z.number().positive().max(500),
    /** Spray liquid in total (L). */
    waterTotalL: z.number().positive(),
    /** Longest pre-harvest interval of the products (days). */
    phiDays: z.number().int().min(0).max(365),
    /** First day harvest is allowed (local date). */
    safeHarvestDate: isoDate,
    operator: z.object({ name: text('operator name'), licenceNo: text('operator licence number') }),
    drone: z.object({
      model: text('drone model'),
      registrationNo: text('drone registration number'),
      serial: z.string().max(80).optional(),
    }),
    weather: weatherSchema,
    flightIds: z.array(z.string()).default([]),
    notes: z.string().max(4000).default(''),
  })
  .superRefine((r, ctx) => {
    if (Date.parse(r.endedAt) < Date.parse(r.startedAt))
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'is before startedAt' });
  });
export type ApplicationRecord = z.output<typeof applicationRecordSchema>;

/** A record being filled in: any part may be missing. */
export type ApplicationRecordDraft = DeepPartial<ApplicationRecord>;
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Human names of the record's fields, English and Vietnamese (path with `[]` for any index). */
export const RECORD_FIELD_LABELS: Record<string, { en: string; vi: string }> = {
  jobId: { en: 'job', vi: 'công việc' },
  startedAt: { en: 'start time', vi: 'giờ bắt đầu' },
  endedAt: { en: 'end time', vi: 'giờ kết thúc' },
  plots: { en: 'plots', vi: 'thửa ruộng' },
  'plots[].plotId': { en: 'plot id', vi: 'mã thửa' },
  'plots[].areaM2': { en: 'plot area', vi: 'diện tích thửa' },
  'plots[].polygons': { en: 'plot boundary', vi: 'ranh giới thửa' },
  crop: { en: 'crop', vi: 'cây trồng' },
  cropStage: { en: 'crop stage', vi: 'giai đoạn sinh trưởng' },
  target: { en: 'target pest or disease', vi: 'đối tượng phòng trừ' },
  products: { en: 'products', vi: 'thuốc BVTV' },
  'products[].name': { en: 'product name', vi: 'tên thuốc' },
  'products[].activeIngredient': { en: 'active ingredient', vi: 'hoạt chất' },
  'products[].registrationNo': { en: 'registration number', vi: 'số đăng ký' },
  'products[].dosePerHa': { en: 'dose per ha', vi: 'liều lượng/ha' },
  'products[].unit': { en: 'dose unit', vi: 'đơn vị liều' },
  'products[].totalAmount': { en: 'total amount', vi: 'tổng lượng thuốc' },
  'products[].phiDays': { en: 'pre-harvest interval', vi: 'thời gian cách ly' },
  waterLha: { en: 'water volume per ha', vi: 'lượng nước/ha' },
  waterTotalL: { en: 'total water volume', vi: 'tổng lượng nước' },
  phiDays: { en: 'pre-harvest interval', vi: 'thời gian cách ly' },
  safeHarvestDate: { en: 'safe-harvest date', vi: 'ngày được thu hoạch' },
  operator: { en: 'operator', vi: 'người phun' },
  'operator.name': { en: 'operator name', vi: 'tên người phun' },
  'operator.licenceNo': { en: 'operator licence number', vi: 'số chứng chỉ người phun' },
  drone: { en: 'drone', vi: 'thiết bị bay' },
  'drone.model': { en: 'drone model', vi: 'loại thiết bị bay' },
  'drone.registrationNo': { en: 'drone registration number', vi: 'số đăng ký thiết bị bay' },
  weather: { en: 'weather', vi: 'thời tiết' },
  'weather.windSpeedMps': { en: 'wind speed', vi: 'tốc độ gió' },
  'weather.windDirDeg': { en: 'wind direction', vi: 'hướng gió' },
  'weather.temperatureC': { en: 'temperature', vi: 'nhiệt độ' },
  'weather.humidityPct': { en: 'humidity', vi: 'độ ẩm' },
  'weather.source': { en: 'weather source', vi: 'nguồn số liệu thời tiết' },
};

/** One field that stops a record from being closed. */
export interface RecordProblem {
  /** e.g. "products[0].registrationNo". */
  path: string;
  /** e.g. "registration number" / "số đăng ký". */
  label: { en: string; vi: string };
  /** "missing", or what is wrong with the value. */
  problem: string;
}

/** Thrown by `parseApplicationRecord` (and by closing a record): lists every missing or bad field by name. */
export class RecordIncompleteError extends InputError {
  readonly problems: RecordProblem[];
  constructor(problems: RecordProblem[]) {
    super(
      problems.map((p) => ({ where: `${p.path} (${p.label.en})`, message: p.problem })),
      'application record cannot be closed',
    );
    this.name = 'RecordIncompleteError';
    this.problems = problems;
  }
}

/** Every missing or invalid field of a draft, named (empty when it can be closed). */
export function recordProblems(draft: unknown): RecordProblem[] {
  const r = applicationRecordSchema.safeParse(draft);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const path = pathToString(i.path);
    const key = path.replace(/\[\d+\]/g, '[]');
    const label = RECORD_FIELD_LABELS[key] ?? { en: key, vi: key };
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    return { path, label, problem: missing ? 'missing' : i.message };
  });
}

/** Validates a complete record; throws `RecordIncompleteError` naming every missing or bad field. */
export function parseApplicationRecord(draft: unknown): ApplicationRecord {
  const problems = recordProblems(draft);
  if (problems.length > 0) throw new RecordIncompleteError(problems);
  return applicationRecordSchema.parse(draft);
}

/**
 * Fills what can be computed: the longest PHI, the safe-harvest date (local date of the end time
 * plus the PHI, in the cooperative's time zone; Vietnam is UTC+7), each product's total from its
 * dose and the sprayed area, and the total water. Never overwrites a value already entered.
 */
export function completeRecord(
  draft: ApplicationRecordDraft,
  opts: { utcOffsetMin?: number } = {},
): ApplicationRecordDraft {
  const out: ApplicationRecordDraft = structuredClone(draft);
  const areaHa = sprayedAreaHa(out);
  const products = out.products ?? [];
  for (const p of products) {
    if (p.totalAmount === undefined && typeof p.dosePerHa === 'number' && areaHa > 0)
      p.totalAmount = round(p.dosePerHa * areaHa, 3);
  }
  const phis = products.map((p) => p.phiDays).filter((d): d is number => typeof d === 'number');
  if (out.phiDays === undefined && phis.length === products.length && phis.length > 0)
    out.phiDays = Math.max(...phis);
  if (out.safeHarvestDate === undefined && typeof out.phiDays === 'number' && out.endedAt) {
    const end = Date.parse(out.endedAt);
    if (Number.isFinite(end))
      out.safeHarvestDate = safeHarvestDate(end, out.phiDays, opts.utcOffsetMin ?? 420);
  }
  if (out.waterTotalL === undefined && typeof out.waterLha === 'number' && areaHa > 0)
    out.waterTotalL = round(out.waterLha * areaHa, 1);
  return out;
}

/** Local date (YYYY-MM-DD) of `endMs` plus `phiDays` days, at UTC offset `utcOffsetMin`. */
export function safeHarvestDate(endMs: number, phiDays: number, utcOffsetMin = 420): string {
  const local = new Date(endMs + utcOffsetMin * 60_000);
  local.setUTCDate(local.getUTCDate() + phiDays);
  return local.toISOString().slice(0, 10);
}

/** Sprayed area in ha: the plots' sprayed areas when known, else their areas. */
export function sprayedAreaHa(r: ApplicationRecordDraft): number {
  let m2 = 0;
  for (const p of r.plots ?? []) m2 += p?.sprayedAreaM2 ?? p?.areaM2 ?? 0;
  return m2 / 10_000;
}

/** A plot of a job: what the farmer asked to spray. */
export interface JobPlot {
  plotId: string;
  name?: string;
  owner?: string;
  areaM2: number;
  polygons: LngLat[][][];
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
