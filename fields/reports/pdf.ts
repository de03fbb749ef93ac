import PDFDocument from 'pdfkit';
import type { AsAppliedResult } from '../../mission/as-applied/analyse.js';
import { LocalFrame } from '../../mission/geo/local-frame.js';
import type { LngLat, XY } from '../../mission/geo/types.js';
import { findReportFonts, foldDiacritics, type ReportFonts } from './fonts.js';
import { duration, ha, localTime, num, pct, recordOrJob } from './format.js';
import { type LabelKey, type ReportLang, t } from './i18n.js';
import { reportNotes } from './notes.js';
import { qrPng, qrSummary } from './qr.js';
import type { ReportData } from './report-data.js';

/** Options of `renderPdf`. */
export interface PdfOptions {
  lang?: ReportLang;
  /** Fonts to use; found on the machine by default (see `findReportFonts`). */
  fonts?: ReportFonts;
}

const C = {
  brand: '#2f5d1e',
  brandLight: '#eaf1e3',
  ink: '#1c2321',
  muted: '#5f6b66',
  rule: '#c9d2cc',
  plotFill: '#f1f5e6',
  plotStroke: '#3f6b22',
  applied: '#2b8cbe',
  double: '#f28e2b',
  gap: '#d62728',
  outside: '#8e44ad',
  route: '#14325c',
  transit: '#8a8f94',
  warn: '#b03a2e',
  ok: '#2e7d32',
};

const PAGE = { w: 595.28, h: 841.89, m: 36 };

/**
 * Renders the report as an A4 PDF: header, a vector map of the plots with the planned route and
 * the as-applied area in a local metric frame (gaps, double spray, off-target highlighted), a QR
 * code with an offline summary, totals, the record's fields, per-plot and flight tables, and the
 * record hash and audit-chain head in the footer. Vietnamese or English.
 */
export async function renderPdf(d: ReportData, opts: PdfOptions = {}): Promise<Buffer> {
  const lang = opts.lang ?? 'vi';
  const fonts = opts.fonts ?? findReportFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.m, bottom: PAGE.m, left: PAGE.m, right: PAGE.m },
    bufferPages: true,
    info: {
      Title: `${t(lang, 'title')} ${d.id}`,
      Author: 'AgriSpray Planner',
      Subject: d.record?.recordHash ? `record ${d.record.id} sha256 ${d.record.recordHash}` : d.id,
      CreationDate: new Date(d.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  const w = new Writer(doc, fonts, lang);
  const qr = await qrPng(qrSummary(d, lang), 600);
  drawPage(w, d, qr);
  // Footers on every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    footer(w, d, i + 1, range.count);
  }
  doc.end();
  return done;
}

/** Text and layout helpers over pdfkit with a moving cursor. */
class Writer {
  y = PAGE.m;
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: ReportFonts,
    readonly lang: ReportLang,
  ) {}
  s(text: string | undefined | null): string {
    const v = text ?? '';
    return this.fonts.unicode ? v : foldDiacritics(v);
  }
  l(key: LabelKey): string {
    return this.s(t(this.lang, key));
  }
  text(
    text: string,
    x: number,
    y: number,
    o: {
      size?: number;
      bold?: boolean;
      color?: string;
      width?: number;
      align?: 'left' | 'right' | 'center';
      lineBreak?: boolean;
    } = {},
  ): number {
    const { doc } = this;
    doc
      .font(o.bold ? 'B' : 'R')
      .fontSize(o.size ?? 8)
      .fillColor(o.color ?? C.ink)
      .fillOpacity(1);
    const opt: PDFKit.Mixins.TextOptions = { lineBreak: o.lineBreak ?? true, align: o.align ?? 'left' };
    if (o.width !== undefined) opt.width = o.width;
    if (o.lineBreak === false) opt.ellipsis = true;
    doc.text(this.s(text), x, y, opt);
    return doc.y;
  }
  /** Starts a new page when fewer than `h` points remain. */
  need(h: number): void {
    if (this.y + h > PAGE.h - PAGE.m - 28) {
      this.doc.addPage();
      this.y = PAGE.m;
    }
  }
  section(title: string): void {
    this.need(40);
    const { doc } = this;
    doc.rect(PAGE.m, this.y, PAGE.w - 2 * PAGE.m, 14).fill(C.brandLight);
    doc.rect(PAGE.m, this.y, 3, 14).fill(C.brand);
    this.text(title.toUpperCase(), PAGE.m + 8, this.y + 3.5, { size: 7.5, bold: true, color: C.brand });
    this.y += 17;
  }
  /** Label: value pairs in `cols` columns. */
  pairs(items: [string, string][], cols = 2, labelW = 92): void {
    const colW = (PAGE.w - 2 * PAGE.m) / cols;
    for (let i = 0; i < items.length; i += cols) {
      this.need(14);
      let rowH = 11;
      for (let c = 0; c < cols && i + c < items.length; c++) {
        const [k, v] = items[i + c]!;
        const x = PAGE.m + c * colW;
        this.text(k, x, this.y, { size: 7, color: C.muted, width: labelW - 4 });
        const yEnd = this.text(v || '–', x + labelW, this.y, { size: 8, width: colW - labelW - 8 });
        rowH = Math.max(rowH, yEnd - this.y + 2);
      }
      this.y += rowH;
    }
    this.y += 2;
  }
  /** A table with a header row. `widths` are fractions of the text width. */
  table(head: string[], body: string[][], widths: number[], align: ('left' | 'right')[] = []): void {
    const { doc } = this;
    const full = PAGE.w - 2 * PAGE.m;
    const ws = widths.map((f) => f * full);
    const row = (cells: string[], y: number, bold: boolean, fill?: string): void => {
      if (fill) doc.rect(PAGE.m, y - 2, full, 12).fill(fill);
      let x = PAGE.m;
      cells.forEach((c, i) => {
        this.text(c, x + 2, y, {
          size: bold ? 6.8 : 7.5,
          bold,
          color: bold ? C.muted : C.ink,
          width: ws[i]! - 4,
          align: align[i] ?? 'left',
          lineBreak: !bold,
        });
        x += ws[i]!;
      });
    };
    this.need(26);
    row(head, this.y, true, '#f3f5f2');
    this.y += 12;
    for (const r of body) {
      // a long cell (e.g. two active ingredients) wraps, and the row grows to hold it
      doc.fontSize(7.5);
      const h = Math.max(10.5, ...r.map((c, i) => doc.heightOfString(c, { width: ws[i]! - 4 }) + 2));
      this.need(h + 1.5);
      row(r, this.y, false);
      this.y += h;
      doc
        .moveTo(PAGE.m, this.y - 1.5)
        .lineTo(PAGE.m + full, this.y - 1.5)
        .lineWidth(0.3)
        .strokeColor(C.rule)
        .stroke();
    }
    this.y += 4;
  }
}

function drawPage(w: Writer, d: ReportData, qr: Buffer): void {
  const { doc, lang } = w;
  const r = recordOrJob(d);
  const a = d.view.analysis;
  const full = PAGE.w - 2 * PAGE.m;

  // Header band.
  doc.rect(0, 0, PAGE.w, 62).fill(C.brand);
  w.text(t(lang, 'title'), PAGE.m, 18, { size: 12.5, bold: true, color: '#ffffff', width: full });
  const sub = [
    `${t(lang, d.scope === 'job' ? 'subtitleJob' : 'subtitleFlight')}: ${d.id}`,
    d.record ? `${t(lang, 'record')}: ${d.record.id}` : '',
    d.view.job?.farmer ? `${t(lang, 'farmer')}: ${d.view.job.farmer}` : '',
    `${t(lang, 'generated')}: ${localTime(d.generatedAt)} (UTC+7)`,
  ]
    .filter(Boolean)
    .join('   ·   ');
  w.text(sub, PAGE.m, 38, { size: 7.5, color: '#dfe9d6', width: full });
  w.y = 72;

  // Status badge.
  const closed = d.record?.status === 'closed';
  const badge = closed ? t(lang, 'closed') : d.record ? t(lang, 'draft') : t(lang, 'noRecord');
  doc.font('B').fontSize(7.5);
  const bw = doc.widthOfString(w.s(badge)) + 14;
  doc.roundedRect(PAGE.m, w.y, bw, 14, 3).fill(closed ? C.ok : C.warn);
  w.text(badge, PAGE.m + 7, w.y + 3.5, { size: 7.5, bold: true, color: '#ffffff' });
  if (!closed && d.record) {
    w.text(`${t(lang, 'missing')}: ${missingList(d, lang)}`, PAGE.m + bw + 8, w.y + 3.5, {
      size: 7,
      color: C.warn,
      width: full - bw - 8,
      lineBreak: false,
    });
  }
  w.y += 22;

  // Map (left) and QR + totals (right).
  const mapW = 330;
  const mapH = mapHeight(d, mapW);
  const mapX = PAGE.m;
  const mapY = w.y;
  drawMap(w, d, mapX, mapY, mapW, mapH);
  const legendEnd = legend(w, mapX, mapY + mapH + 6, mapW, !!d.view.plan, a);
  const rx = mapX + mapW + 16;
  const rw = PAGE.w - PAGE.m - rx;
  const qrSize = 116;
  doc.image(qr, rx + (rw - qrSize) / 2, mapY, { width: qrSize, height: qrSize });
  w.text(t(lang, 'qrCaption'), rx, mapY + qrSize + 2, {
    size: 6.5,
    color: C.muted,
    width: rw,
    align: 'center',
  });
  let ty = mapY + qrSize + 18;
  // Safe-harvest box: the one thing a farmer must see.
  doc.roundedRect(rx, ty, rw, 44, 3).lineWidth(1).strokeColor(C.warn).stroke();
  w.text(t(lang, 'safeHarvest'), rx + 6, ty + 5, { size: 6.5, bold: true, color: C.warn, width: rw - 12 });
  w.text(r.safeHarvestDate ?? '–', rx + 6, ty + 15, { size: 12, bold: true, color: C.ink, width: rw - 12 });
  if (r.phiDays !== undefined)
    w.text(`${t(lang, 'phi')} ${r.phiDays} ${t(lang, 'days')}`, rx + 6, ty + 31, {
      size: 6.8,
      color: C.muted,
      width: rw - 12,
    });
  ty += 52;
  w.text(t(lang, 'totals').toUpperCase(), rx, ty, { size: 7, bold: true, color: C.brand });
  ty += 11;
  const totals: [string, string][] = a
    ? [
        [t(lang, 'areaTarget'), ha(a.targetAreaM2)],
        [t(lang, 'areaSprayed'), ha(a.perPlot.reduce((s, p) => s + p.coveredM2, 0))],
        [t(lang, 'coverage'), pct(a.coverage)],
        ...(a.coverageOfPlan !== undefined
          ? [[t(lang, 'coveragePlan'), pct(a.coverageOfPlan)] as [string, string]]
          : []),
        [t(lang, 'liquid'), `${num(a.liquidL, 1)} L${a.liquidSource === 'estimated' ? ' *' : ''}`],
        [t(lang, 'liquidPlanned'), a.plannedLiquidL !== undefined ? `${num(a.plannedLiquidL, 1)} L` : '–'],
        [
          t(lang, 'dose'),
          a.liquidSource === 'flow' && a.coverage > 0
            ? `${num(
                (a.liquidL * 10_000) /
                  Math.max(
                    1,
                    a.perPlot.reduce((s, p) => s + p.coveredM2, 0),
                  ),
                1,
              )} L/ha`
            : '–',
        ],
        [t(lang, 'double'), `${num(a.doubleSprayed.areaM2, 0)} m²`],
        [t(lang, 'outside'), `${num(a.outsidePlots.areaM2, 0)} m²`],
        [t(lang, 'inNoSpray'), `${num(a.inNoSpray.areaM2, 0)} m²`],
        [t(lang, 'sprayTime'), duration(a.sprayTimeS)],
      ]
    : [[t(lang, 'areaTarget'), ha((r.plots ?? []).reduce((s, p) => s + (p?.areaM2 ?? 0), 0))]];
  for (const [k, v] of totals) {
    w.text(k, rx, ty, { size: 7, color: C.muted, width: rw * 0.58 });
    w.text(v, rx + rw * 0.58, ty, { size: 7.5, bold: true, width: rw * 0.42, align: 'right' });
    ty += 9.8;
  }
  if (a?.liquidSource === 'estimated') {
    w.text(`* ${t(lang, 'liquidEstimated')}`, rx, ty, { size: 6, color: C.muted, width: rw });
    ty += 9;
  }
  w.y = Math.max(legendEnd, ty) + 4;

  // Record fields.
  w.section(t(lang, 'general'));
  const plotNames = (r.plots ?? [])
    .map((p) => `${p?.name || p?.plotId}${p?.owner ? ` (${p.owner})` : ''} ${p?.areaM2 ? ha(p.areaM2) : ''}`)
    .join('; ');
  w.pairs([
    [t(lang, 'farmer'), d.view.job?.farmer ?? '–'],
    [
      t(lang, 'date'),
      r.startedAt ? `${localTime(r.startedAt)} – ${r.endedAt ? localTime(r.endedAt).slice(11) : '…'}` : '–',
    ],
    [t(lang, 'plots'), plotNames],
    [t(lang, 'crop'), [r.crop, r.cropStage].filter(Boolean).join(' / ')],
    [t(lang, 'target'), r.target ?? ''],
    [
      t(lang, 'water'),
      r.waterLha
        ? `${r.waterLha} L/ha${r.waterTotalL ? ` · ${t(lang, 'total')} ${num(r.waterTotalL, 1)} L` : ''}`
        : '',
    ],
  ]);

  w.section(t(lang, 'products'));
  w.table(
    [
      t(lang, 'product'),
      t(lang, 'activeIngredient'),
      t(lang, 'registrationNo'),
      t(lang, 'dosePerHa'),
      t(lang, 'total'),
      t(lang, 'phi'),
    ],
    (r.products ?? []).map((p) => [
      p?.name ?? '',
      p?.activeIngredient ?? '–',
      p?.registrationNo ?? '–',
      p?.dosePerHa !== undefined ? `${p.dosePerHa} ${p.unit ?? ''}` : '–',
      p?.totalAmount !== undefined ? `${num(p.totalAmount, 3)} ${p.unit ?? ''}` : '–',
      p?.phiDays !== undefined ? `${p.phiDays} ${t(lang, 'days')}` : '–',
    ]),
    [0.22, 0.26, 0.18, 0.12, 0.12, 0.1],
    ['left', 'left', 'left', 'right', 'right', 'right'],
  );

  w.section(`${t(lang, 'operatorDrone')} · ${t(lang, 'weather')}`);
  const wx = r.weather;
  w.pairs([
    [t(lang, 'operator'), r.operator?.name ?? ''],
    [t(lang, 'licence'), r.operator?.licenceNo ?? ''],
    [t(lang, 'drone'), [r.drone?.model, r.drone?.serial].filter(Boolean).join(' · ')],
    [t(lang, 'droneReg'), r.drone?.registrationNo ?? ''],
    [
      t(lang, 'wind'),
      wx?.windSpeedMps !== undefined
        ? `${wx.windSpeedMps} m/s, ${wx.windDirDeg ?? '?'}°${wx.source ? ` (${t(lang, `source_${wx.source}`)})` : ''}`
        : '',
    ],
    [
      `${t(lang, 'temperature')} / ${t(lang, 'humidity')}`,
      wx?.temperatureC !== undefined ? `${wx.temperatureC} °C / ${wx.humidityPct ?? '?'} %` : '',
    ],
  ]);

  if (a) {
    w.section(t(lang, 'perPlot'));
    w.table(
      [
        t(lang, 'plot'),
        t(lang, 'owner'),
        t(lang, 'area'),
        t(lang, 'coverage'),
        t(lang, 'gaps'),
        t(lang, 'doubleShort'),
        t(lang, 'liquidShort'),
        t(lang, 'doseShort'),
        t(lang, 'flag'),
      ],
      a.perPlot.map((p) => [
        p.name ?? p.plotId,
        p.owner ?? '',
        `${num(p.targetAreaM2, 0)} m²`,
        pct(p.coverage),
        `${num(p.gapAreaM2, 0)} m²`,
        `${num(p.doubleSprayedM2, 0)} m²`,
        `${num(p.liquidL, 2)} L`,
        num(p.doseLha, 1),
        t(lang, p.doseFlag) + (p.flags.length && p.doseFlag === 'ok' ? ' !' : ''),
      ]),
      [0.15, 0.17, 0.11, 0.1, 0.1, 0.1, 0.1, 0.08, 0.09],
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    );
  }

  if (d.view.flights.length > 0) {
    w.section(t(lang, 'flights'));
    w.table(
      [
        t(lang, 'flights'),
        t(lang, 'vehicle'),
        t(lang, 'sortie'),
        t(lang, 'start'),
        t(lang, 'end'),
        t(lang, 'samples'),
        t(lang, 'digest'),
      ],
      d.view.flights.map((f) => [
        f.id,
        f.vehicle,
        f.sortie !== undefined ? String(f.sortie) : '–',
        localTime(f.startedAt),
        f.endedAt !== null ? localTime(f.endedAt).slice(11) : '–',
        String(f.sampleCount ?? '–'),
        f.samplesSha256 ? `${f.samplesSha256.slice(0, 16)}…` : '–',
      ]),
      [0.14, 0.16, 0.07, 0.18, 0.09, 0.1, 0.26],
      ['left', 'left', 'right', 'left', 'left', 'right', 'left'],
    );
  }

  const notes = reportNotes(d, lang);
  if (notes.length > 0) {
    w.section(t(lang, 'warnings'));
    // Two columns keep the record on one page.
    const shown = notes.slice(0, 12);
    const half = Math.ceil(shown.length / 2);
    const colW = full / 2;
    w.need(half * 10 + 6);
    const y0 = w.y;
    shown.forEach((n, i) => {
      const col = i < half ? 0 : 1;
      const row = col === 0 ? i : i - half;
      w.text(`•  ${n}`, PAGE.m + 4 + col * colW, y0 + row * 10, {
        size: 7,
        color: C.warn,
        width: colW - 10,
        lineBreak: false,
      });
    });
    w.y = y0 + half * 10 + 6;
  }

  // Signatures.
  w.need(50);
  w.y += 2;
  const sw = (full - 24) / 2;
  for (const [i, key] of (['signature', 'signatureAgronomist'] as const).entries()) {
    const x = PAGE.m + i * (sw + 24);
    doc
      .moveTo(x, w.y + 34)
      .lineTo(x + sw, w.y + 34)
      .lineWidth(0.5)
      .strokeColor(C.muted)
      .stroke();
    w.text(t(lang, key), x, w.y + 37, { size: 7, color: C.muted, width: sw });
  }
  w.y += 48;
}

function missingList(d: ReportData, lang: ReportLang): string {
  // Shown on drafts: which fields still stop the record from being closed.
  const r = d.record?.data ?? {};
  const need: [boolean, string][] = [
    [!r.operator?.licenceNo, t(lang, 'licence')],
    [!r.drone?.registrationNo, t(lang, 'droneReg')],
    [!r.weather, t(lang, 'weather')],
    [!(r.products ?? []).every((p) => p?.registrationNo), t(lang, 'registrationNo')],
    [!r.endedAt, t(lang, 'end')],
  ];
  return need
    .filter(([m]) => m)
    .map(([, l]) => l)
    .join(', ');
}

function footer(w: Writer, d: ReportData, page: number, pages: number): void {
  const { doc, lang } = w;
  const y = PAGE.h - PAGE.m - 14;
  doc
    .moveTo(PAGE.m, y - 4)
    .lineTo(PAGE.w - PAGE.m, y - 4)
    .lineWidth(0.4)
    .strokeColor(C.rule)
    .stroke();
  const parts = [
    d.record?.recordHash ? `${t(lang, 'recordHash')}: ${d.record.recordHash}` : '',
    d.auditHead ? `${t(lang, 'auditHead')}: ${d.auditHead.seq}:${d.auditHead.hash.slice(0, 16)}` : '',
  ].filter(Boolean);
  // Footer text sits below the bottom margin: write it without pdfkit's automatic page breaks.
  const saved = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  w.text(parts.join('   ·   '), PAGE.m, y, {
    size: 6,
    color: C.muted,
    width: PAGE.w - 2 * PAGE.m - 60,
    lineBreak: false,
  });
  w.text(`${t(lang, 'page')} ${page}/${pages}`, PAGE.w - PAGE.m - 60, y, {
    size: 6.5,
    color: C.muted,
    width: 60,
    align: 'right',
  });
  w.text(
    `AgriSpray Planner · ${t(lang, 'verifyHint')}${d.auditHead ? ` --anchor ${d.auditHead.seq}:${d.auditHead.hash.slice(0, 16)}` : ''}`,
    PAGE.m,
    y + 8,
    {
      size: 6,
      color: C.muted,
      width: 420,
      lineBreak: false,
    },
  );
  doc.page.margins.bottom = saved;
}

function legend(
  w: Writer,
  x: number,
  y: number,
  width: number,
  hasPlan: boolean,
  a: AsAppliedResult | undefined,
): number {
  const { doc } = w;
  const items: [LabelKey, (x: number, y: number) => void][] = [
    ['legendPlot', (lx, ly) => doc.rect(lx, ly, 12, 7).fillAndStroke(C.plotFill, C.plotStroke)],
  ];
  if (hasPlan) {
    items.push([
      'legendPlanned',
      (lx, ly) => {
        doc
          .moveTo(lx, ly + 3.5)
          .lineTo(lx + 12, ly + 3.5)
          .lineWidth(0.8)
          .strokeColor(C.route)
          .dash(2.5, { space: 1.5 })
          .stroke();
        doc.undash();
      },
    ]);
    items.push([
      'legendTransit',
      (lx, ly) => {
        doc
          .moveTo(lx, ly + 3.5)
          .lineTo(lx + 12, ly + 3.5)
          .lineWidth(0.6)
          .strokeColor(C.transit)
          .dash(0.8, { space: 1.5 })
          .stroke();
        doc.undash();
      },
    ]);
  }
  if (a) {
    const box = (color: string, op: number) => (lx: number, ly: number) => {
      doc.rect(lx, ly, 12, 7).fillOpacity(op).fill(color);
      doc.fillOpacity(1);
    };
    items.push(['legendApplied', box(C.applied, 0.4)]);
    items.push(['legendGap', box(C.gap, 0.8)]);
    items.push(['legendDouble', box(C.double, 0.7)]);
    items.push(['legendOutside', box(C.outside, 0.7)]);
  }
  const colW = width / 2;
  items.forEach(([key, draw], i) => {
    const lx = x + (i % 2) * colW;
    const ly = y + Math.floor(i / 2) * 11;
    draw(lx, ly);
    w.text(t(w.lang, key), lx + 16, ly, { size: 6.8, color: C.muted, width: colW - 18, lineBreak: false });
  });
  return y + Math.ceil(items.length / 2) * 11;
}

/** Map box height: follows the plots' shape, between 240 and 330 pt. */
function mapHeight(d: ReportData, mapW: number): number {
  const ll = (d.view.job?.plots ?? []).flatMap((p) => p.polygons.flatMap((poly) => poly[0] ?? []));
  if (ll.length === 0) return 240;
  const f = LocalFrame.around(ll);
  const q = ll.map((p) => f.toXY(p));
  const dx = Math.max(...q.map((p) => p[0])) - Math.min(...q.map((p) => p[0]));
  const dy = Math.max(...q.map((p) => p[1])) - Math.min(...q.map((p) => p[1]));
  return Math.max(240, Math.min(330, ((mapW - 32) * dy) / Math.max(1, dx) + 46));
}

function drawMap(w: Writer, d: ReportData, x: number, y: number, mw: number, mh: number): void {
  const { doc } = w;
  const a = d.view.analysis;
  const plots = d.view.job?.plots ?? [];
  doc.rect(x, y, mw, mh).fill('#fbfcfa');
  const allLL: LngLat[] = plots.flatMap((p) => p.polygons.flatMap((poly) => poly[0] ?? []));
  const plan = d.view.plan?.plan;
  if (plan) for (const p of plan.pieces) allLL.push(...p.coords);
  if (allLL.length === 0 && a) allLL.push(...a.sprayed.lngLat.flatMap((p) => p[0] ?? []));
  if (allLL.length === 0) {
    w.text('–', x + mw / 2, y + mh / 2, { size: 10, color: C.muted });
    doc.rect(x, y, mw, mh).lineWidth(0.6).strokeColor(C.rule).stroke();
    return;
  }
  const frame = a ? new LocalFrame(a.origin) : LocalFrame.around(allLL);
  const pts = allLL.map((p) => frame.toXY(p));
  const minX = Math.min(...pts.map((p) => p[0]));
  const maxX = Math.max(...pts.map((p) => p[0]));
  const minY = Math.min(...pts.map((p) => p[1]));
  const maxY = Math.max(...pts.map((p) => p[1]));
  const pad = 16;
  const s = Math.min(
    (mw - 2 * pad) / Math.max(1, maxX - minX),
    (mh - 2 * pad - 14) / Math.max(1, maxY - minY),
  );
  const cx = x + mw / 2;
  const cy = y + (mh - 14) / 2;
  const mx = (minX + maxX) / 2;
  const my = (minY + maxY) / 2;
  const P = (q: XY): [number, number] => [cx + (q[0] - mx) * s, cy - (q[1] - my) * s];
  const LL = (p: LngLat): [number, number] => P(frame.toXY(p));

  doc.save();
  doc.rect(x, y, mw, mh).clip();
  const polys = (mp: LngLat[][][]): void => {
    for (const poly of mp)
      for (const ring of poly) {
        ring.forEach((p, i) => {
          const [px, py] = LL(p);
          if (i === 0) doc.moveTo(px, py);
          else doc.lineTo(px, py);
        });
        doc.closePath();
      }
  };
  const fillShape = (mp: LngLat[][][], color: string, opacity: number): void => {
    if (mp.length === 0) return;
    polys(mp);
    doc.fillOpacity(opacity).fill(color, 'even-odd');
    doc.fillOpacity(1);
  };
  for (const p of plots) {
    polys(p.polygons);
    doc.fillOpacity(1).fill(C.plotFill, 'even-odd');
  }
  if (a) {
    fillShape(a.sprayed.lngLat, C.applied, 0.38);
    fillShape(a.doubleSprayed.lngLat, C.double, 0.7);
    for (const p of a.perPlot) for (const g of p.gaps) fillShape(g.lngLat, C.gap, 0.8);
    fillShape(a.outsidePlots.lngLat, C.outside, 0.7);
    fillShape(a.inNoSpray.lngLat, C.outside, 0.7);
  }
  for (const p of plots) {
    polys(p.polygons);
    doc.lineWidth(1.1).strokeColor(C.plotStroke).stroke();
  }
  if (plan) {
    for (const piece of plan.pieces) {
      piece.coords.forEach((c, i) => {
        const [px, py] = LL(c);
        if (i === 0) doc.moveTo(px, py);
        else doc.lineTo(px, py);
      });
      if (piece.kind === 'spray') doc.lineWidth(0.6).strokeColor(C.route).dash(2.5, { space: 1.5 }).stroke();
      else doc.lineWidth(0.5).strokeColor(C.transit).dash(0.8, { space: 1.5 }).stroke();
      doc.undash();
    }
  }
  // Plot names.
  for (const p of plots) {
    const ring = p.polygons[0]?.[0];
    if (!ring) continue;
    const q = ring.map((c) => LL(c));
    const px = q.reduce((s2, v) => s2 + v[0], 0) / q.length;
    const py = q.reduce((s2, v) => s2 + v[1], 0) / q.length;
    w.text(p.name ?? p.plotId, px - 40, py - 4, {
      size: 7,
      bold: true,
      color: C.plotStroke,
      width: 80,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.restore();
  doc.rect(x, y, mw, mh).lineWidth(0.6).strokeColor(C.rule).stroke();

  // Scale bar (metres) and north arrow.
  const target = (mw * 0.25) / s;
  const mag = 10 ** Math.floor(Math.log10(target));
  const nice =
    [1, 2, 5, 10]
      .map((k) => k * mag)
      .filter((v) => v <= target)
      .pop() ?? mag;
  const bx = x + 10;
  const by = y + mh - 10;
  doc.rect(bx, by - 3, nice * s, 3).fill(C.ink);
  doc.rect(bx + (nice * s) / 2, by - 3, (nice * s) / 2, 3).fill('#ffffff');
  doc
    .rect(bx, by - 3, nice * s, 3)
    .lineWidth(0.4)
    .strokeColor(C.ink)
    .stroke();
  w.text(`${nice} m`, bx + nice * s + 4, by - 6, { size: 6.5, color: C.ink });
  const nx = x + mw - 16;
  const ny = y + 10;
  doc
    .circle(nx, ny + 9, 10)
    .fillOpacity(0.85)
    .fill('#ffffff');
  doc.fillOpacity(1);
  doc
    .moveTo(nx, ny)
    .lineTo(nx - 4, ny + 11)
    .lineTo(nx, ny + 8)
    .lineTo(nx + 4, ny + 11)
    .closePath()
    .fill(C.ink);
  w.text('N', nx - 3, ny + 12, { size: 6.5, bold: true, color: C.ink });
}
