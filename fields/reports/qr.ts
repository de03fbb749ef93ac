import QRCode from 'qrcode';
import { localDate, localTime, recordOrJob } from './format.js';
import { type ReportLang, t } from './i18n.js';
import type { ReportData } from './report-data.js';

/**
 * The QR code's text: a short human-readable summary that needs no server (date, plot, product
 * and dose, safe-harvest date, record hash), so a farmer or buyer can scan a bag of rice.
 */
export function qrSummary(d: ReportData, lang: ReportLang): string {
  const r = recordOrJob(d);
  const lines: string[] = [t(lang, 'qrTitle')];
  if (r.startedAt) lines.push(`${t(lang, 'qrDate')}: ${localTime(r.startedAt)}`);
  const plots = r.plots ?? [];
  const names = plots.slice(0, 3).map((p) => `${p?.name || p?.plotId}${p?.owner ? ` (${p.owner})` : ''}`);
  const areaM2 = plots.reduce((s, p) => s + (p?.sprayedAreaM2 ?? p?.areaM2 ?? 0), 0);
  if (plots.length > 0)
    lines.push(
      `${t(lang, 'plot')}: ${names.join(', ')}${plots.length > 3 ? ` +${plots.length - 3}` : ''}; ${(areaM2 / 10_000).toFixed(2)} ha`,
    );
  if (r.crop) lines.push(`${t(lang, 'crop')}: ${r.crop}${r.cropStage ? `, ${r.cropStage}` : ''}`);
  for (const p of (r.products ?? []).slice(0, 3)) {
    if (!p?.name) continue;
    const dose = p.dosePerHa !== undefined ? ` ${p.dosePerHa} ${p.unit ?? ''}/ha` : '';
    lines.push(`${p.name}${dose}${p.registrationNo ? ` (${p.registrationNo})` : ''}`);
  }
  if (r.safeHarvestDate)
    lines.push(
      `${t(lang, 'qrHarvest')}: ${r.safeHarvestDate} (${t(lang, 'phi')} ${r.phiDays ?? '?'} ${t(lang, 'days')})`,
    );
  else lines.push(`${t(lang, 'qrHarvest')}: ${t(lang, 'draft')}`);
  if (d.record) {
    lines.push(`${t(lang, 'record')}: ${d.record.id}`);
    if (d.record.recordHash) lines.push(`${t(lang, 'qrHash')}: ${d.record.recordHash.slice(0, 16)}`);
  } else {
    const f = d.view.flights[0];
    if (f) lines.push(`${t(lang, 'flights')}: ${f.id} ${localDate(f.startedAt)}`);
  }
  return lines.join('\n');
}

/** A PNG of the QR code (error correction M, byte mode UTF-8). */
export function qrPng(text: string, widthPx = 480): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, width: widthPx, type: 'png' });
}
