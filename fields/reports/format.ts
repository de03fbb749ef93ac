import type { ApplicationRecordDraft } from '../../mission/records/application.js';
import type { ReportData } from './report-data.js';

/** Vietnam's UTC offset (minutes); reports print local time. */
export const VN_UTC_OFFSET_MIN = 420;

/** "YYYY-MM-DD HH:mm" in local time (UTC+7 by default). */
export function localTime(t: number | string, utcOffsetMin = VN_UTC_OFFSET_MIN): string {
  const ms = typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) return '';
  return new Date(ms + utcOffsetMin * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function localDate(t: number | string, utcOffsetMin = VN_UTC_OFFSET_MIN): string {
  return localTime(t, utcOffsetMin).slice(0, 10);
}

/** Hectares with 2–4 decimals. */
export function ha(m2: number): string {
  return `${(m2 / 10_000).toFixed(m2 < 10_000 ? 3 : 2)} ha`;
}

export function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)} %`;
}

export function num(x: number | undefined, digits = 1): string {
  return x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

export function duration(s: number): string {
  const m = Math.floor(s / 60);
  const r = Math.round(s % 60);
  return `${m} min ${String(r).padStart(2, '0')} s`;
}

/** The record's content, or a draft assembled from the job when there is no record yet. */
export function recordOrJob(d: ReportData): ApplicationRecordDraft {
  if (d.record) return d.record.data;
  const job = d.view.job;
  const f = d.view.flights;
  const out: ApplicationRecordDraft = {};
  if (job) {
    out.jobId = job.id;
    out.plots = job.plots;
    out.crop = job.crop;
    out.cropStage = job.cropStage;
    out.target = job.target;
    out.products = job.products;
    if (job.waterLha) out.waterLha = job.waterLha;
  }
  if (f.length > 0) {
    out.startedAt = new Date(Math.min(...f.map((x) => x.startedAt))).toISOString();
    const ends = f.map((x) => x.endedAt ?? x.startedAt);
    out.endedAt = new Date(Math.max(...ends)).toISOString();
  }
  return out;
}
