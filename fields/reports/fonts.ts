import { existsSync } from 'node:fs';

/** A regular + bold TrueType pair that has Vietnamese glyphs, or the built-in Helvetica fallback. */
export interface ReportFonts {
  regular: string;
  bold: string;
  /** False when falling back to Helvetica: Vietnamese text is then printed without diacritics. */
  unicode: boolean;
}

const CANDIDATES: [string, string][] = [
  // Debian/Ubuntu: apt fonts-dejavu-core
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  // Fedora / Arch
  [
    '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
    '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf',
  ],
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'],
  [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
  // Windows and macOS: Arial has Vietnamese
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
  ['/System/Library/Fonts/Supplemental/Arial.ttf', '/System/Library/Fonts/Supplemental/Arial Bold.ttf'],
  ['/Library/Fonts/Arial.ttf', '/Library/Fonts/Arial Bold.ttf'],
];

/**
 * Finds fonts for the PDF: `AGRISPRAY_FONT` / `AGRISPRAY_FONT_BOLD` when set, else DejaVu Sans,
 * Noto Sans, Liberation Sans or Arial where the OS keeps them; else Helvetica (no diacritics).
 */
export function findReportFonts(env: Record<string, string | undefined> = process.env): ReportFonts {
  const own = env.AGRISPRAY_FONT;
  if (own && existsSync(own)) {
    const bold =
      env.AGRISPRAY_FONT_BOLD && existsSync(env.AGRISPRAY_FONT_BOLD) ? env.AGRISPRAY_FONT_BOLD : own;
    return { regular: own, bold, unicode: true };
  }
  for (const [r, b] of CANDIDATES) {
    if (existsSync(r)) return { regular: r, bold: existsSync(b) ? b : r, unicode: true };
  }
  return { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false };
}

/** Vietnamese → plain Latin (for the Helvetica fallback): "Lô số 5, Đồng" → "Lo so 5, Dong". */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e\n\u00a0-\u00ff–—…·]/g, '?');
}
