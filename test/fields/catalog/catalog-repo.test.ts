import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogRepository, parseActiveIngredients } from '../../../fields/catalog/catalog-repo.js';
import { parseCsv } from '../../../fields/catalog/csv.js';
import { Db } from '../../../fields/db.js';
import { CATALOG_MIGRATIONS } from '../../../fields/schema/catalog.js';
import { InputError } from '../../../mission/dose/input-error.js';
import type { ProductInput } from '../../../mission/dose/product.js';
import { BUILTIN_PROFILES } from '../../../mission/profile/drone-profile.js';

const PRODUCT: ProductInput = {
  name: 'Test insecticide 240SC',
  activeIngredients: [{ name: 'Chlorantraniliprole', concentration: 240, concentrationUnit: 'g/L' }],
  formulation: 'SC',
  registrationNumber: 'TEST-002',
  labelRate: { min: 0.4, max: 0.6, unit: 'L' },
  phiDays: 7,
  notes: 'shake well',
};

const CSV = [
  'name,active_ingredients,formulation,registration_number,rate_min,rate_max,rate_unit,phi_days,notes',
  'Thuốc A 75WP,Tricyclazole 75%,WP,TEST-A,0.2,0.4,kg,14,',
  '"Thuốc B 300EC","Propiconazole 150 g/L; Difenoconazole 150 g/L",EC,TEST-B,0.3,0.5,L/ha,10,"mix well, then add water"',
  'Thuốc C 10SL,Cartap 10 %,SL,,1,1.5,L,7,"two-line',
  'note"',
].join('\r\n');

describe('product catalogue', () => {
  let dir: string;
  let db: Db;
  let repo: CatalogRepository;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agrispray-catalog-'));
    db = await Db.open(join(dir, 'test.sqlite'), CATALOG_MIGRATIONS);
    repo = new CatalogRepository(db);
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists, gets, updates and deletes products', async () => {
    const p = await repo.createProduct(PRODUCT);
    expect(p.id).toMatch(/[0-9a-f-]{36}/);
    expect(p).toMatchObject({ ...PRODUCT });
    expect(await repo.getProduct(p.id)).toEqual(p);
    expect((await repo.findProductByName('test INSECTICIDE 240sc'))?.id).toBe(p.id);
    const u = await repo.updateProduct(p.id, { ...PRODUCT, labelRate: { min: 0.5, max: 0.7, unit: 'L' } });
    expect(u.labelRate.max).toBe(0.7);
    expect((await repo.listProducts()).map((x) => x.name)).toEqual([PRODUCT.name]);
    expect(await repo.deleteProduct(p.id)).toBe(true);
    expect(await repo.listProducts()).toEqual([]);
    await expect(repo.updateProduct(p.id, PRODUCT)).rejects.toThrow(/no product with id/);
  });

  it('refuses invalid products and duplicate names with where', async () => {
    await expect(
      repo.createProduct({ ...PRODUCT, labelRate: { min: 0.8, max: 0.6, unit: 'L' } }),
    ).rejects.toThrow(/labelRate\.min: must not exceed labelRate\.max/);
    await expect(repo.createProduct({ ...PRODUCT, name: ' ' })).rejects.toThrow(
      /name: product name is empty/,
    );
    await repo.createProduct(PRODUCT);
    await expect(repo.createProduct({ ...PRODUCT, name: PRODUCT.name.toUpperCase() })).rejects.toThrow(
      /already in the catalogue/,
    );
  });

  it('imports a CSV with quoted fields, two-line notes, several active ingredients and "L/ha" units', async () => {
    expect(await repo.importProductsCsv(CSV)).toEqual({ created: 3, updated: 0 });
    const b = await repo.findProductByName('Thuốc B 300EC');
    expect(b?.activeIngredients).toEqual([
      { name: 'Propiconazole', concentration: 150, concentrationUnit: 'g/L' },
      { name: 'Difenoconazole', concentration: 150, concentrationUnit: 'g/L' },
    ]);
    expect(b?.labelRate).toEqual({ min: 0.3, max: 0.5, unit: 'L' });
    expect(b?.notes).toBe('mix well, then add water');
    expect((await repo.findProductByName('Thuốc C 10SL'))?.notes).toBe('two-line\r\nnote');
    // Again: duplicates refused, or updated on request.
    await expect(repo.importProductsCsv(CSV)).rejects.toThrow(
      /line 2: "Thuốc A 75WP" is already in the catalogue/,
    );
    expect(await repo.importProductsCsv(CSV, { onDuplicate: 'update' })).toEqual({ created: 0, updated: 3 });
  });

  it('reads semicolon CSV with decimal commas (Vietnamese spreadsheets)', async () => {
    const text =
      'name;active_ingredients;formulation;rate_min;rate_max;rate_unit\nThuốc D;Hexaconazole 5%;SC;0,8;1,2;L\n';
    expect(await repo.importProductsCsv(text)).toEqual({ created: 1, updated: 0 });
    expect((await repo.findProductByName('Thuốc D'))?.labelRate).toEqual({ min: 0.8, max: 1.2, unit: 'L' });
  });

  it('refuses a bad CSV with every problem by line and column, and writes nothing', async () => {
    const bad = [
      'name,active_ingredients,formulation,registration_number,rate_min,rate_max,rate_unit,phi_days,notes',
      'Good one,Tricyclazole 75%,WP,X,0.2,0.4,kg,14,',
      'Bad rate,Tricyclazole 75%,WP,X,abc,0.4,kg,14,',
      'Bad unit,Tricyclazole 75%,WP,X,0.2,0.4,gallon,14,',
      'Bad ai,Tricyclazole lots,WP,X,0.2,0.4,kg,14,',
      'Short,Tricyclazole 75%,WP',
      'Good one,Tricyclazole 75%,WP,X,0.2,0.4,kg,14,',
    ].join('\n');
    let err: unknown;
    try {
      await repo.importProductsCsv(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const where = (err as InputError).issues.map((i) => i.where);
    expect(where).toEqual([
      'line 3, rate_min',
      'line 4, labelRate.unit',
      'line 5, active_ingredients',
      'line 6',
      'line 7',
    ]);
    expect((err as InputError).message).toMatch(/line 7: "Good one" is also on line 2/);
    expect(await repo.listProducts()).toEqual([]);
    await expect(repo.importProductsCsv('name,formulation\nA,WP\n')).rejects.toThrow(
      /line 1: missing column "active_ingredients"/,
    );
  });

  it('rolls back the whole import when one line collides with the catalogue', async () => {
    await repo.createProduct({ ...PRODUCT, name: 'Thuốc B 300EC' });
    await expect(repo.importProductsCsv(CSV)).rejects.toThrow(/line 3/);
    expect((await repo.listProducts()).map((p) => p.name)).toEqual(['Thuốc B 300EC']);
  });

  it('stores drone profiles next to the built-ins', async () => {
    const mine = { ...BUILTIN_PROFILES[0]!, id: 'coop-t10-1', name: 'Coop T10 #1', batteryEnduranceMin: 9 };
    await repo.saveProfile(mine);
    expect(await repo.getProfile('coop-t10-1')).toEqual(mine);
    await repo.saveProfile({ ...mine, tankL: 8 });
    expect((await repo.getProfile('coop-t10-1'))?.tankL).toBe(8);
    const all = await repo.listProfiles();
    expect(all.filter((p) => p.builtin).length).toBe(BUILTIN_PROFILES.length);
    expect(all.filter((p) => !p.builtin).map((p) => p.profile.id)).toEqual(['coop-t10-1']);
    await expect(repo.saveProfile({ ...mine, id: 'generic-10l' })).rejects.toThrow(/built-in/);
    await expect(repo.saveProfile({ ...mine, tankL: 0 })).rejects.toThrow(/tankL/);
    expect(await repo.deleteProfile('coop-t10-1')).toBe(true);
    expect(await repo.getProfile('coop-t10-1')).toBeUndefined();
  });
});

describe('CSV and active-ingredient parsing', () => {
  it('parses quotes, doubled quotes and CRLF', () => {
    const r = parseCsv('a,b\r\n"x ""y""",2\r\n\r\n');
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x "y"', '2'] },
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/line 2: a quoted field is not closed/);
  });
  it('parses active ingredients', () => {
    expect(parseActiveIngredients('Abamectin 3,6 g/L', true)).toEqual([
      { name: 'Abamectin', concentration: 3.6, concentrationUnit: 'g/L' },
    ]);
    expect(() => parseActiveIngredients('Abamectin')).toThrow(/is not "<name> <amount>/);
  });
});
