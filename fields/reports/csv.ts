import type { TelemetrySample } from '../../mission/telemetry/types.js';
import { localTime, recordOrJob } from './format.js';
import { type ReportLang, t } from './i18n.js';
import type { ReportData } from './report-data.js';

/** One CSV cell, quoted when needed (RFC 4180). */
function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s =
    typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function rows(table: unknown[][]): string {
  return table.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The report as CSV: one row per plot with the record's fields repeated, so it sorts and filters
 * in a spreadsheet. UTF-8 with a BOM (Excel then reads Vietnamese correctly), CRLF line ends.
 * Column names are stable English keys; `lang` only changes the flag words.
 */
export function renderCsv(d: ReportData, lang: ReportLang = 'en'): string {
  const r = recordOrJob(d);
  const a = d.view.analysis;
  const products = (r.products ?? []).filter(Boolean);
  const header = [
    'job_id',
    'record_id',
    'record_status',
    'record_hash',
    'start_local',
    'end_local',
    'farmer',
    'plot_id',
    'plot_name',
    'owner',
    'area_m2',
    'sprayed_m2',
    'coverage',
    'gap_m2',
    'double_sprayed_m2',
    'liquid_l',
    'planned_liquid_l',
    'dose_l_per_ha',
    'dose_check',
    'crop',
    'crop_stage',
    'target',
    'product',
    'active_ingredient',
    'registration_no',
    'product_dose_per_ha',
    'product_unit',
    'product_total',
    'water_l_per_ha',
    'phi_days',
    'safe_harvest_date',
    'operator',
    'operator_licence',
    'drone',
    'drone_registration',
    'wind_mps',
    'wind_dir_deg',
    'temperature_c',
    'humidity_pct',
    'flight_ids',
  ];
  const out: unknown[][] = [header];
  const plots = r.plots ?? [];
  for (const p of plots) {
    const pa = a?.perPlot.find((x) => x.plotId === p?.plotId);
    const prods = products.length > 0 ? products : [undefined];
    for (const prod of prods) {
      out.push([
        d.view.job?.id ?? r.jobId,
        d.record?.id,
        d.record?.status ?? 'none',
        d.record?.recordHash,
        r.startedAt ? localTime(r.startedAt) : '',
        r.endedAt ? localTime(r.endedAt) : '',
        d.view.job?.farmer,
        p?.plotId,
        p?.name,
        p?.owner,
        p?.areaM2,
        pa?.coveredM2 ?? p?.sprayedAreaM2,
        pa?.coverage,
        pa?.gapAreaM2,
        pa?.doubleSprayedM2,
        pa?.liquidL,
        pa?.plannedLiquidL,
        pa?.doseLha,
        pa ? t(lang, pa.doseFlag) : '',
        r.crop,
        r.cropStage,
        r.target,
        prod?.name,
        prod?.activeIngredient,
        prod?.registrationNo,
        prod?.dosePerHa,
        prod?.unit,
        prod?.totalAmount,
        r.waterLha,
        prod?.phiDays ?? r.phiDays,
        r.safeHarvestDate,
        r.operator?.name,
        r.operator?.licenceNo,
        r.drone?.model,
        r.drone?.registrationNo,
        r.weather?.windSpeedMps,
        r.weather?.windDirDeg,
        r.weather?.temperatureC,
        r.weather?.humidityPct,
        d.view.flights.map((f) => f.id).join(' '),
      ]);
    }
  }
  return `\uFEFF${rows(out)}`;
}

/** The raw telemetry samples as CSV (for a flight export). */
export function renderSamplesCsv(samples: readonly TelemetrySample[]): string {
  const out: unknown[][] = [
    [
      't_ms',
      'time_utc',
      'lat',
      'lon',
      'alt_m',
      'ground_speed_mps',
      'heading_deg',
      'spraying',
      'flow_lpm',
      'battery_pct',
      'battery_v',
      'mode',
      'armed',
      'mission_seq',
    ],
  ];
  for (const s of samples)
    out.push([
      s.t,
      new Date(s.t).toISOString(),
      s.lat.toFixed(8),
      s.lon.toFixed(8),
      s.altM,
      s.groundSpeedMps,
      s.headingDeg,
      s.spraying ? 1 : 0,
      s.flowLpm,
      s.batteryPct,
      s.batteryV,
      s.mode,
      s.armed ? 1 : 0,
      s.missionSeq,
    ]);
  return rows(out);
}
