import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../renderer/i18n/catalog.js';

/** Loads every catalog module in renderer/i18n (each exports one or more Catalog objects). */
async function allCatalogs(): Promise<Catalog> {
  const dir = join(process.cwd(), 'renderer/i18n');
  const merged: Catalog = {};
  for (const f of readdirSync(dir).filter(
    (x) => x.endsWith('.ts') && x !== 'index.ts' && x !== 'catalog.ts',
  )) {
    const mod = (await import(join(dir, f))) as Record<string, unknown>;
    for (const v of Object.values(mod)) if (v && typeof v === 'object') Object.assign(merged, v);
  }
  return merged;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('message catalogs', () => {
  it('every message has non-empty English and Vietnamese text with the same placeholders', async () => {
    const cat = await allCatalogs();
    expect(Object.keys(cat).length).toBeGreaterThan(20);
    for (const [key, m] of Object.entries(cat)) {
      expect(m.en.trim(), key).not.toBe('');
      expect(m.vi.trim(), key).not.toBe('');
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(ph(m.vi), key).toEqual(ph(m.en));
    }
  });

  it('every t("key") used in the window exists in a catalog', async () => {
    const cat = await allCatalogs();
    const missing: string[] = [];
    for (const file of sources(join(process.cwd(), 'renderer'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.-]+)'/g)) {
        if (!(m[1]! in cat)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
