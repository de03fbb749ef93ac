import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../../fields/reports/csv.js';
import { findReportFonts, foldDiacritics } from '../../../fields/reports/fonts.js';
import { renderGeoJson } from '../../../fields/reports/geojson.js';
import { reportNotes } from '../../../fields/reports/notes.js';
import { renderPdf } from '../../../fields/reports/pdf.js';
import { qrSummary } from '../../../fields/reports/qr.js';
import { loadReportData } from '../../../fields/reports/report-data.js';
import { tempDb } from './helpers.js';
import { sprayScenario } from './scenario.js';

const has = (tool: string): boolean => spawnSync('which', [tool]).status === 0;
const TOOLS = has('pdftoppm') && has('zbarimg');

describe('reports', () => {
  it('QR summary names date, plots, products with dose, safe-harvest date and the record hash', async () => {
    const t = await tempDb();
    try {
      const { job, record } = await sprayScenario(t.db);
      const d = await loadReportData(t.db, job.id);
      const vi = qrSummary(d, 'vi');
      expect(vi).toContain('Ngày: 2026-11-29 07:40');
      expect(vi).toContain('Lô 12');
      expect(vi).toContain('Chess 50WG 0.3 kg/ha');
      expect(vi).toContain('Thu hoạch từ: 2026-12-13 (Cách ly 14 ngày)');
      expect(vi).toContain(record.recordHash!.slice(0, 16));
      expect(Buffer.byteLength(vi)).toBeLessThan(500);
      expect(qrSummary(d, 'en')).toContain('Harvest from: 2026-12-13');
    } finally {
      await t.cleanup();
    }
  });

  it('notes for the agronomist name gaps and double spray per plot, in Vietnamese and English', async () => {
    const t = await tempDb();
    try {
      const { job } = await sprayScenario(t.db);
      const d = await loadReportData(t.db, job.id);
      const vi = reportNotes(d, 'vi').join('\n');
      expect(vi).toMatch(/Lô 12: độ phủ 9\d\.\d % \(bỏ sót \d+ m²\)/);
      expect(vi).toMatch(/Lô 13: phun trùng \d+ m²/);
      expect(reportNotes(d, 'en').join('\n')).toMatch(/Lô 12: coverage 9\d\.\d % \(gaps \d+ m²\)/);
    } finally {
      await t.cleanup();
    }
  });

  it('CSV has one row per plot and product, with the record fields, BOM and quoting', async () => {
    const t = await tempDb();
    try {
      const { job } = await sprayScenario(t.db);
      const csv = renderCsv(await loadReportData(t.db, job.id), 'vi');
      expect(csv.startsWith('\uFEFFjob_id,')).toBe(true);
      const lines = csv.trim().split('\r\n');
      expect(lines).toHaveLength(1 + 2 * 2);
      expect(lines[1]).toContain('lo-12');
      expect(lines[1]).toContain('"Rầy nâu, đạo ôn cổ bông"');
      expect(lines[1]).toContain('BVTV 1234/CNĐKT');
      expect(lines[1]).toContain('2026-12-13');
    } finally {
      await t.cleanup();
    }
  });

  it('GeoJSON holds plots with figures, the planned route, as-applied area, gaps and double spray', async () => {
    const t = await tempDb();
    try {
      const { job } = await sprayScenario(t.db);
      const g = renderGeoJson(await loadReportData(t.db, job.id));
      const roles = new Set(g.features.map((f) => (f.properties as { role: string }).role));
      for (const r of [
        'plot',
        'planned-spray',
        'planned-transit',
        'as-applied',
        'gap',
        'double-sprayed',
        'track',
      ])
        expect(roles).toContain(r);
      const gaps = g.features.filter((f) => (f.properties as { role: string }).role === 'gap');
      const gapM2 = gaps.reduce((s, f) => s + (f.properties as { areaM2: number }).areaM2, 0);
      expect(gapM2).toBeCloseTo(200, -1); // 40 m × 5 m, split between the two plots
      expect(g.properties.recordHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(JSON.stringify(g))).toEqual(g);
    } finally {
      await t.cleanup();
    }
  });

  it('a flight id gives a flight report; an unknown id a clear error', async () => {
    const t = await tempDb();
    try {
      const { flightId } = await sprayScenario(t.db);
      const d = await loadReportData(t.db, flightId);
      expect(d.scope).toBe('flight');
      expect(d.view.analysis?.perPlot).toHaveLength(2);
      await expect(loadReportData(t.db, 'nope')).rejects.toThrow(/no job, flight or record with id "nope"/);
    } finally {
      await t.cleanup();
    }
  });

  it.skipIf(!TOOLS)(
    'the PDF renders (pdftoppm) and its QR code decodes (zbarimg) to the summary',
    async () => {
      const t = await tempDb();
      try {
        const { job, record } = await sprayScenario(t.db);
        const d = await loadReportData(t.db, job.id, { now: new Date(Date.UTC(2026, 10, 29, 3, 0)) });
        for (const lang of ['vi', 'en'] as const) {
          const pdf = await renderPdf(d, { lang });
          expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
          const file = join(t.dir, `report-${lang}.pdf`);
          writeFileSync(file, pdf);
          execFileSync('pdftoppm', [
            '-r',
            '150',
            '-png',
            '-f',
            '1',
            '-l',
            '1',
            file,
            join(t.dir, `page-${lang}`),
          ]);
          const png = join(t.dir, `page-${lang}-1.png`);
          expect(readFileSync(png).length).toBeGreaterThan(10_000);
          // -Sbinary: the raw bytes (UTF-8); without it zbar guesses Latin-1 for byte-mode QR codes.
          const decoded = execFileSync('zbarimg', ['--raw', '-q', '-Sbinary', png], {
            stdio: ['ignore', 'pipe', 'ignore'],
          })
            .toString('utf8')
            .trim();
          expect(decoded).toBe(qrSummary(d, lang));
          expect(decoded).toContain(record.recordHash!.slice(0, 16));
          if (process.env.REPORT_PNG_OUT) {
            writeFileSync(`${process.env.REPORT_PNG_OUT}-${lang}.png`, readFileSync(png));
            writeFileSync(`${process.env.REPORT_PNG_OUT}-${lang}.pdf`, pdf);
          }
        }
      } finally {
        await t.cleanup();
      }
    },
  );

  it.skipIf(TOOLS)('PDF/QR checks skipped: install poppler-utils and zbar-tools (apt) to run them', () => {
    expect(TOOLS).toBe(false);
  });

  it('falls back to Helvetica without Vietnamese glyphs when no font is found, and still renders', async () => {
    const t = await tempDb();
    try {
      const { job } = await sprayScenario(t.db, { close: false });
      const d = await loadReportData(t.db, job.id);
      const pdf = await renderPdf(d, {
        lang: 'vi',
        fonts: { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false },
      });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(foldDiacritics('Lô 12, Đòng trổ')).toBe('Lo 12, Dong tro');
      expect(findReportFonts({ AGRISPRAY_FONT: '/nonexistent.ttf' }).regular).not.toBe('/nonexistent.ttf');
    } finally {
      await t.cleanup();
    }
  });
});
