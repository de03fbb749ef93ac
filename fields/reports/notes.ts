import { localTime, num, pct } from './format.js';
import type { ReportLang } from './i18n.js';
import type { ReportData } from './report-data.js';

/**
 * What the agronomist should look at, in the report's language, built from the as-applied
 * figures: coverage gaps, under/over-dose, double spray, spray outside plots or in no-spray zones,
 * holes in the log, and liquid estimated without flow.
 */
export function reportNotes(
  d: ReportData,
  lang: ReportLang,
  opts: { minCoverage?: number; tolerance?: number } = {},
): string[] {
  const a = d.view.analysis;
  const vi = lang === 'vi';
  const notes: string[] = [];
  if (!a) {
    if (d.view.flights.length === 0)
      notes.push(vi ? 'Chưa có chuyến bay nào được ghi.' : 'No flight recorded yet.');
    else
      notes.push(
        vi
          ? 'Không tính được bản đồ phun (thiếu độ rộng vệt phun hoặc thửa).'
          : d.view.notes.join('; ') || 'No as-applied map.',
      );
    return notes;
  }
  const minCov = opts.minCoverage ?? 0.98;
  const rate = d.view.flights.find((f) => f.rateLha)?.rateLha ?? d.view.job?.waterLha;
  for (const p of a.perPlot) {
    const name = p.name ?? p.plotId;
    if (p.coverage < minCov)
      notes.push(
        vi
          ? `${name}: độ phủ ${pct(p.coverage)} (bỏ sót ${num(p.gapAreaM2, 0)} m²)`
          : `${name}: coverage ${pct(p.coverage)} (gaps ${num(p.gapAreaM2, 0)} m²)`,
      );
    if (p.doseFlag === 'under' || p.doseFlag === 'over')
      notes.push(
        vi
          ? `${name}: ${p.doseFlag === 'under' ? 'thiếu liều' : 'quá liều'} ${num(p.doseLha, 1)} L/ha so với ${rate} L/ha dự kiến`
          : `${name}: ${p.doseFlag}-dose ${num(p.doseLha, 1)} L/ha against ${rate} L/ha planned`,
      );
    if (p.doubleSprayedM2 > 0.02 * p.targetAreaM2)
      notes.push(
        vi
          ? `${name}: phun trùng ${num(p.doubleSprayedM2, 0)} m² (${pct(p.doubleSprayedM2 / p.targetAreaM2)})`
          : `${name}: double-sprayed ${num(p.doubleSprayedM2, 0)} m² (${pct(p.doubleSprayedM2 / p.targetAreaM2)})`,
      );
  }
  if (a.outsidePlots.areaM2 > 1)
    notes.push(
      vi
        ? `Phun ra ngoài thửa ${num(a.outsidePlots.areaM2, 0)} m²`
        : `Sprayed ${num(a.outsidePlots.areaM2, 0)} m² outside the plots`,
    );
  if (a.inNoSpray.areaM2 > 0.1)
    notes.push(
      vi
        ? `Phun vào vùng cấm phun ${num(a.inNoSpray.areaM2, 1)} m²`
        : `Sprayed ${num(a.inNoSpray.areaM2, 1)} m² in no-spray zones`,
    );
  for (const g of a.logGaps)
    notes.push(
      vi
        ? `Mất dữ liệu log ${num(g.durationS, 1)} s khi đang phun, lúc ${localTime(g.at)}`
        : `Log gap of ${num(g.durationS, 1)} s with nozzles on at ${localTime(g.at)}`,
    );
  if (a.liquidSource === 'estimated')
    notes.push(
      vi
        ? 'Không có số liệu lưu lượng: lượng dung dịch ước tính theo liều × diện tích đã phun'
        : 'No flow in the log: liquid estimated as rate × sprayed area',
    );
  const open = d.view.flights.filter((f) => !f.samplesSha256);
  for (const f of open)
    notes.push(
      vi
        ? `Chuyến bay ${f.id} chưa đóng (đang bay hoặc bị ngắt): agrispray flights close ${f.id}`
        : `Flight ${f.id} is not closed (flying or interrupted): agrispray flights close ${f.id}`,
    );
  return notes;
}
