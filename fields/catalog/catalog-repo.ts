import { randomUUID } from 'node:crypto';
import { InputError, type Issue, pathToString } from '../../mission/dose/input-error.js';
import {
  type ActiveIngredient,
  type Product,
  type ProductInput,
  productSchema,
} from '../../mission/dose/product.js';
import {
  BUILTIN_PROFILES,
  type DroneProfile,
  type DroneProfileInput,
  parseDroneProfile,
} from '../../mission/profile/drone-profile.js';
import type { Db } from '../db.js';
import { parseCsv } from './csv.js';

/** A product as stored in the catalogue. */
export type StoredProduct = Product & { id: string; createdAt: string; updatedAt: string };

interface ProductRow {
  id: string;
  name: string;
  active_ingredients: string;
  formulation: string;
  registration_number: string;
  rate_min: number;
  rate_max: number;
  rate_unit: 'L' | 'kg';
  phi_days: number;
  notes: string;
  created_at: string;
  updated_at: string;
}

const toProduct = (r: ProductRow): StoredProduct => ({
  id: r.id,
  name: r.name,
  activeIngredients: JSON.parse(r.active_ingredients) as ActiveIngredient[],
  formulation: r.formulation,
  registrationNumber: r.registration_number,
  labelRate: { min: r.rate_min, max: r.rate_max, unit: r.rate_unit },
  phiDays: r.phi_days,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function validProduct(input: unknown, where = ''): Product {
  const r = productSchema.safeParse(input);
  if (r.success) return r.data;
  throw new InputError(
    r.error.issues.map((i) => ({ where: pathToString(i.path, where), message: i.message })),
    'product',
  );
}

/** Columns of the product CSV, in any order; the first five are required. */
export const PRODUCT_CSV_COLUMNS = [
  'name',
  'active_ingredients',
  'formulation',
  'rate_min',
  'rate_max',
  'rate_unit',
  'phi_days',
  'registration_number',
  'notes',
] as const;

/** "Tricyclazole 75%; Hexaconazole 50 g/L" → active ingredients. */
export function parseActiveIngredients(text: string, decimalComma = false): ActiveIngredient[] {
  return text
    .split(/[;+|]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(.*?)\s+([0-9]+(?:[.,][0-9]+)?)\s*(%|g\/l|g\/kg)$/i.exec(part);
      if (!m) throw new Error(`"${part}" is not "<name> <amount> <%|g/L|g/kg>", e.g. "Tricyclazole 75%"`);
      const unit = m[3]!.toLowerCase() === 'g/l' ? 'g/L' : m[3]!.toLowerCase() === 'g/kg' ? 'g/kg' : '%';
      const num = Number(decimalComma || m[2]!.includes(',') ? m[2]!.replace(',', '.') : m[2]);
      return { name: m[1]!.trim(), concentration: num, concentrationUnit: unit };
    });
}

/**
 * The product catalogue and the drone profiles, in SQLite. Every write is one transaction;
 * inputs are validated with the same zod schemas the dose calculation uses.
 */
export class CatalogRepository {
  constructor(private readonly db: Db) {}

  async listProducts(): Promise<StoredProduct[]> {
    const rows = await this.db.all<ProductRow>('SELECT * FROM catalog_products');
    const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
    return rows.map(toProduct).sort((a, b) => collator.compare(a.name, b.name));
  }

  async getProduct(id: string): Promise<StoredProduct | undefined> {
    const r = await this.db.get<ProductRow>('SELECT * FROM catalog_products WHERE id = ?', [id]);
    return r ? toProduct(r) : undefined;
  }

  /** Case-insensitive lookup by name. */
  async findProductByName(name: string): Promise<StoredProduct | undefined> {
    const r = await this.db.get<ProductRow>('SELECT * FROM catalog_products WHERE name = ? COLLATE NOCASE', [
      name.trim(),
    ]);
    return r ? toProduct(r) : undefined;
  }

  private async insert(db: Db, p: Product, now: string): Promise<string> {
    const id = randomUUID();
    await db.run(
      `INSERT INTO catalog_products (id, name, active_ingredients, formulation, registration_number, rate_min, rate_max,
         rate_unit, phi_days, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        p.name,
        JSON.stringify(p.activeIngredients),
        p.formulation,
        p.registrationNumber,
        p.labelRate.min,
        p.labelRate.max,
        p.labelRate.unit,
        p.phiDays,
        p.notes,
        now,
        now,
      ],
    );
    return id;
  }

  private async update(db: Db, id: string, p: Product, now: string): Promise<number> {
    const r = await db.run(
      `UPDATE catalog_products SET name = ?, active_ingredients = ?, formulation = ?, registration_number = ?, rate_min = ?,
         rate_max = ?, rate_unit = ?, phi_days = ?, notes = ?, updated_at = ? WHERE id = ?`,
      [
        p.name,
        JSON.stringify(p.activeIngredients),
        p.formulation,
        p.registrationNumber,
        p.labelRate.min,
        p.labelRate.max,
        p.labelRate.unit,
        p.phiDays,
        p.notes,
        now,
        id,
      ],
    );
    return r.changes;
  }

  private async assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
    const r = await db.get<{ id: string }>('SELECT id FROM catalog_products WHERE name = ? COLLATE NOCASE', [
      name,
    ]);
    if (r && r.id !== exceptId)
      throw new InputError(
        [{ where: 'name', message: `a product named "${name}" is already in the catalogue` }],
        'product',
      );
  }

  async createProduct(input: ProductInput): Promise<StoredProduct> {
    const p = validProduct(input);
    const id = await this.db.transaction(async (db) => {
      await this.assertNameFree(db, p.name);
      return this.insert(db, p, new Date().toISOString());
    });
    return (await this.getProduct(id))!;
  }

  async updateProduct(id: string, input: ProductInput): Promise<StoredProduct> {
    const p = validProduct(input);
    await this.db.transaction(async (db) => {
      await this.assertNameFree(db, p.name, id);
      if ((await this.update(db, id, p, new Date().toISOString())) === 0)
        throw new InputError([{ where: 'id', message: `no product with id ${id}` }], 'product');
    });
    return (await this.getProduct(id))!;
  }

  async deleteProduct(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM catalog_products WHERE id = ?', [id])).changes > 0;
  }

  /**
   * Imports products from CSV (header row with the PRODUCT_CSV_COLUMNS names). All or nothing:
   * every line is checked first and every problem reported as "line N, column: what"; nothing is
   * written unless all lines are good. A name already in the catalogue is an error, or updates it
   * with `onDuplicate: 'update'`.
   */
  async importProductsCsv(
    text: string,
    options: { onDuplicate?: 'error' | 'update' } = {},
  ): Promise<{ created: number; updated: number }> {
    let parsed: ReturnType<typeof parseCsv>;
    try {
      parsed = parseCsv(text);
    } catch (e) {
      throw new InputError([{ where: '', message: (e as Error).message }], 'product CSV');
    }
    const { delimiter, records } = parsed;
    const decimalComma = delimiter === ';';
    const [header, ...rows] = records;
    if (!header) throw new InputError([{ where: 'line 1', message: 'the file is empty' }], 'product CSV');
    const cols = header.fields.map((h) => h.trim().toLowerCase());
    const issues: Issue[] = [];
    for (const req of PRODUCT_CSV_COLUMNS.slice(0, 6))
      if (!cols.includes(req)) issues.push({ where: 'line 1', message: `missing column "${req}"` });
    for (const c of cols)
      if (!(PRODUCT_CSV_COLUMNS as readonly string[]).includes(c))
        issues.push({
          where: 'line 1',
          message: `unknown column "${c}" (known: ${PRODUCT_CSV_COLUMNS.join(', ')})`,
        });
    if (issues.length) throw new InputError(issues, 'product CSV');
    if (rows.length === 0)
      throw new InputError([{ where: 'line 2', message: 'no products after the header' }], 'product CSV');

    const products: { line: number; product: Product }[] = [];
    const seen = new Map<string, number>();
    const num = (s: string) => Number(decimalComma ? s.replace(',', '.') : s);
    for (const rec of rows) {
      const where = `line ${rec.line}`;
      if (rec.fields.length !== cols.length) {
        issues.push({ where, message: `${rec.fields.length} fields, the header has ${cols.length}` });
        continue;
      }
      const get = (c: string) => (rec.fields[cols.indexOf(c)] ?? '').trim();
      let ais: ActiveIngredient[] = [];
      try {
        ais = parseActiveIngredients(get('active_ingredients'), decimalComma);
      } catch (e) {
        issues.push({ where: `${where}, active_ingredients`, message: (e as Error).message });
        continue;
      }
      const numeric = (c: string, fallback?: number) => {
        const s = get(c);
        if (s === '' && fallback !== undefined) return fallback;
        const v = num(s);
        if (s === '' || !Number.isFinite(v)) {
          issues.push({ where: `${where}, ${c}`, message: `"${s}" is not a number` });
          return Number.NaN;
        }
        return v;
      };
      const rateMin = numeric('rate_min');
      const rateMax = numeric('rate_max');
      const phi = cols.includes('phi_days') ? numeric('phi_days', 0) : 0;
      if ([rateMin, rateMax, phi].some(Number.isNaN)) continue;
      const unitRaw = get('rate_unit').replace(/\/ha$/i, '');
      const unit = unitRaw.toLowerCase() === 'l' ? 'L' : unitRaw.toLowerCase() === 'kg' ? 'kg' : unitRaw;
      const r = productSchema.safeParse({
        name: get('name'),
        activeIngredients: ais,
        formulation: get('formulation'),
        registrationNumber: get('registration_number'),
        labelRate: { min: rateMin, max: rateMax, unit },
        phiDays: phi,
        notes: get('notes'),
      });
      if (!r.success) {
        for (const i of r.error.issues)
          issues.push({ where: `${where}, ${pathToString(i.path)}`, message: i.message });
        continue;
      }
      const key = r.data.name.toLowerCase();
      if (seen.has(key)) {
        issues.push({ where, message: `"${r.data.name}" is also on line ${seen.get(key)}` });
        continue;
      }
      seen.set(key, rec.line);
      products.push({ line: rec.line, product: r.data });
    }
    if (issues.length) throw new InputError(issues, 'product CSV');

    return this.db.transaction(async (db) => {
      const now = new Date().toISOString();
      let created = 0;
      let updated = 0;
      const dupIssues: Issue[] = [];
      for (const { line, product } of products) {
        const existing = await db.get<{ id: string }>(
          'SELECT id FROM catalog_products WHERE name = ? COLLATE NOCASE',
          [product.name],
        );
        if (existing && options.onDuplicate !== 'update') {
          dupIssues.push({ where: `line ${line}`, message: `"${product.name}" is already in the catalogue` });
          continue;
        }
        if (existing) {
          await this.update(db, existing.id, product, now);
          updated++;
        } else {
          await this.insert(db, product, now);
          created++;
        }
      }
      if (dupIssues.length) throw new InputError(dupIssues, 'product CSV');
      return { created, updated };
    });
  }

  /** Stored drone profiles (not the built-ins). */
  async listStoredProfiles(): Promise<DroneProfile[]> {
    const rows = await this.db.all<{ id: string; profile: string }>(
      'SELECT id, profile FROM catalog_drone_profiles ORDER BY name',
    );
    return rows.map((r) => parseDroneProfile(JSON.parse(r.profile), `profile ${r.id}`));
  }

  /** Built-in profiles followed by stored ones. */
  async listProfiles(): Promise<{ profile: DroneProfile; builtin: boolean }[]> {
    return [
      ...BUILTIN_PROFILES.map((profile) => ({ profile, builtin: true })),
      ...(await this.listStoredProfiles()).map((profile) => ({ profile, builtin: false })),
    ];
  }

  /** A stored or built-in profile by id. */
  async getProfile(id: string): Promise<DroneProfile | undefined> {
    const b = BUILTIN_PROFILES.find((p) => p.id === id);
    if (b) return b;
    const r = await this.db.get<{ profile: string }>(
      'SELECT profile FROM catalog_drone_profiles WHERE id = ?',
      [id],
    );
    return r ? parseDroneProfile(JSON.parse(r.profile)) : undefined;
  }

  /** Creates or replaces a stored profile (validated). Built-in ids are refused: copy under a new id. */
  async saveProfile(input: DroneProfileInput): Promise<DroneProfile> {
    const p = parseDroneProfile(input);
    if (BUILTIN_PROFILES.some((b) => b.id === p.id))
      throw new InputError(
        [{ where: 'id', message: `"${p.id}" is a built-in profile: save your copy under another id` }],
        'drone profile',
      );
    const now = new Date().toISOString();
    await this.db.transaction(async (db) => {
      await db.run(
        `INSERT INTO catalog_drone_profiles (id, name, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, profile = excluded.profile, updated_at = excluded.updated_at`,
        [p.id, p.name, JSON.stringify(p), now, now],
      );
    });
    return p;
  }

  async deleteProfile(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM catalog_drone_profiles WHERE id = ?', [id])).changes > 0;
  }
}
