import type { MultiPolygon } from 'geojson';
import { CatalogRepository } from '../../fields/catalog/catalog-repo.js';
import { demoPlots, demoSite } from '../../fields/demo/demo-commune.js';
import type { FieldRecord } from '../../fields/fields-repo.js';
import { readBoundaryFile } from '../../fields/import/boundary-file.js';
import { appendAudit, contentSha256 } from '../../fields/records/audit.js';
import { parseFieldFile, plotAreaM2 } from '../../mission/field/parse-field-file.js';
import { FieldFileError } from '../../mission/field/types.js';
import type { ApiInput, ApiOutput } from '../api/contract.js';
import { ApiError } from '../api/define.js';
import { DEFAULT_SETTINGS, type FieldDto, type Settings } from '../api/fields-api.js';
import type { ServiceContext } from './context.js';

const toDto = (f: FieldRecord): FieldDto => ({
  ...f,
  geometry: { type: 'MultiPolygon', coordinates: f.geometry.coordinates as number[][][][] },
});

/** Validates one drawn/edited geometry with the Field file rules; returns it as a MultiPolygon with its area. */
export function validateFieldGeometry(
  geometry: ApiInput<'fields.create'>['geometry'],
  label: string,
): { geometry: MultiPolygon; areaM2: number } {
  const file = parseFieldFile({ type: 'Feature', properties: { role: 'field', name: label }, geometry });
  const plot = file.plots[0]!;
  return {
    geometry: { type: 'MultiPolygon', coordinates: plot.polygons },
    areaM2: plotAreaM2(plot.polygons),
  };
}

async function getSettings(ctx: ServiceContext): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...((await ctx.settings.all()) as Partial<Settings>) };
}

/** Handlers for fields, settings, import/export and demo data. */
export function fieldsHandlers(ctx: ServiceContext) {
  return {
    'app.info': async (): Promise<ApiOutput<'app.info'>> => ({
      version: ctx.version,
      mode: ctx.mode === 'desktop' ? 'desktop' : 'browser',
      dbPath: ctx.db.path,
      fieldCount: await ctx.fields.count(),
    }),

    'settings.get': () => getSettings(ctx),

    'settings.set': async (input: ApiInput<'settings.set'>): Promise<Settings> => {
      const next = { ...(await getSettings(ctx)), ...input };
      if (next.windRefuseMps < next.windWarnMps) {
        throw new ApiError({
          code: 'invalid_input',
          message: 'the wind refuse limit must not be below the warning limit',
        });
      }
      await ctx.db.transaction((db) => ctx.settings.set(input, db));
      ctx.emit('settings.changed', next);
      return next;
    },

    'fields.list': async () => (await ctx.fields.list()).map(toDto),

    'fields.get': async ({ id }: ApiInput<'fields.get'>) => {
      const f = await ctx.fields.get(id);
      if (!f) throw new ApiError({ code: 'not_found', message: `no field with id ${id}` });
      return toDto(f);
    },

    'fields.create': async (input: ApiInput<'fields.create'>) => {
      const { geometry, areaM2 } = validateFieldGeometry(input.geometry, input.name);
      if (input.id && (await ctx.fields.get(input.id))) {
        throw new ApiError({ code: 'conflict', message: `a field with id ${input.id} already exists` });
      }
      const rec = await ctx.db.transaction((db) =>
        ctx.fields.insert(
          { name: input.name, owner: input.owner, crop: input.crop, geometry, areaM2 },
          db,
          input.id,
        ),
      );
      ctx.emit('fields.changed', { reason: 'created' });
      return toDto(rec);
    },

    'fields.update': async (input: ApiInput<'fields.update'>) => {
      const old = await ctx.fields.get(input.id);
      if (!old) throw new ApiError({ code: 'not_found', message: `no field with id ${input.id}` });
      const name = input.name ?? old.name;
      const checked = input.geometry
        ? validateFieldGeometry(input.geometry, name)
        : { geometry: old.geometry, areaM2: old.areaM2 };
      const rec = await ctx.db.transaction(async (db) => {
        const f = await ctx.fields.update(
          input.id,
          { name, owner: input.owner ?? old.owner, crop: input.crop ?? old.crop, ...checked },
          db,
        );
        await appendAudit(db, {
          kind: 'field.edited',
          subject: `field:${input.id}`,
          data: fieldAuditData(f!),
        });
        return f;
      });
      ctx.emit('fields.changed', { reason: 'updated' });
      return toDto(rec!);
    },

    'fields.delete': async ({ id }: ApiInput<'fields.delete'>) => {
      const old = await ctx.fields.get(id);
      if (!old) throw new ApiError({ code: 'not_found', message: `no field with id ${id}` });
      await ctx.db.transaction(async (db) => {
        await ctx.fields.delete(id, db);
        await appendAudit(db, { kind: 'field.deleted', subject: `field:${id}`, data: fieldAuditData(old) });
      });
      ctx.emit('fields.changed', { reason: 'deleted' });
      return { deleted: toDto(old) };
    },

    'fields.import': async ({ fileName, content }: ApiInput<'fields.import'>) => {
      let file: ReturnType<typeof parseFieldFile>;
      let skipped: string[];
      try {
        const read = readBoundaryFile(fileName, content);
        skipped = read.skipped;
        file = parseFieldFile(read.doc);
      } catch (e) {
        if (e instanceof FieldFileError) {
          throw new ApiError({
            code: 'invalid_input',
            message: `${fileName}: ${e.message}`,
            issues: e.issues.map((i) => ({ where: `${fileName}: ${i.where}`, message: i.message })),
          });
        }
        throw new ApiError({ code: 'invalid_input', message: (e as Error).message });
      }
      if (file.noSpray.length + file.noFly.length > 0) {
        skipped.push(
          `${file.noSpray.length + file.noFly.length} zone(s): open the file in the plan panel to use them`,
        );
      }
      const base = fileName.replace(/\.(geo)?json$|\.kml$/i, '');
      const created = await ctx.db.transaction(async (db) => {
        const out: FieldRecord[] = [];
        const audit = async (f: FieldRecord) =>
          appendAudit(db, {
            kind: 'field.created',
            subject: `field:${f.id}`,
            data: { ...fieldAuditData(f), importedFrom: fileName },
          });
        for (const [i, p] of file.plots.entries()) {
          const name = p.name ?? (file.plots.length > 1 ? `${base} ${i + 1}` : base);
          out.push(
            await ctx.fields.insert(
              {
                name,
                owner: p.owner,
                crop: p.crop,
                geometry: { type: 'MultiPolygon', coordinates: p.polygons },
                areaM2: plotAreaM2(p.polygons),
              },
              db,
            ),
          );
          await audit(out.at(-1)!);
        }
        return out;
      });
      ctx.emit('fields.changed', { reason: 'imported' });
      return { created: created.map(toDto), skipped };
    },

    'fields.export': async ({ ids }: ApiInput<'fields.export'>) => {
      const all = await ctx.fields.list();
      const chosen = ids ? all.filter((f) => ids.includes(f.id)) : all;
      if (ids && chosen.length !== ids.length) {
        const missing = ids.filter((id) => !all.some((f) => f.id === id));
        throw new ApiError({ code: 'not_found', message: `no field with id ${missing.join(', ')}` });
      }
      return {
        fileName: chosen.length === 1 ? `${chosen[0]!.name}.geojson` : 'fields.geojson',
        geojson: fieldsToGeoJSON(chosen),
      };
    },

    'demo.load': async () => {
      if ((await ctx.fields.count()) > 0) {
        throw new ApiError({
          code: 'refused',
          message: 'the demo commune is only added to an empty database',
        });
      }
      const plots = demoPlots();
      await ctx.db.transaction(async (db) => {
        for (const p of plots) {
          const f = await ctx.fields.insert(
            {
              name: p.name,
              owner: p.owner,
              crop: p.crop,
              geometry: p.geometry,
              areaM2: plotAreaM2(p.geometry.coordinates as [number, number][][][]),
            },
            db,
            p.id,
          );
          await appendAudit(db, {
            kind: 'field.created',
            subject: `field:${f.id}`,
            data: { ...fieldAuditData(f), demo: true },
          });
        }
        if ((await ctx.zones.list()).length === 0) {
          for (const f of demoSite().features) {
            const props = f.properties as {
              role: 'home' | 'no-spray' | 'no-fly';
              name: string;
              radius_m?: number;
            };
            await ctx.zones.insert(
              { kind: props.role, name: props.name, geometry: f.geometry, radiusM: props.radius_m ?? null },
              db,
            );
          }
        }
      });
      await addDemoProducts(ctx);
      ctx.emit('fields.changed', { reason: 'demo' });
      ctx.emit('zones.changed', { reason: 'demo' });
      return { created: plots.length };
    },
  };
}

/** Two clearly-labelled demo products so the mix sheet can be tried; real ones come from the label. */
async function addDemoProducts(ctx: ServiceContext): Promise<void> {
  const catalog = new CatalogRepository(ctx.db);
  if ((await catalog.listProducts()).length > 0) return;
  await catalog.createProduct({
    name: 'DEMO Fungicide 300EC',
    activeIngredients: [
      { name: 'Difenoconazole', concentration: 150, concentrationUnit: 'g/L' },
      { name: 'Propiconazole', concentration: 150, concentrationUnit: 'g/L' },
    ],
    formulation: 'EC',
    registrationNumber: 'DEMO-0001',
    labelRate: { min: 0.2, max: 0.3, unit: 'L' },
    phiDays: 14,
    notes: 'Demo data, not a real label.',
  });
  await catalog.createProduct({
    name: 'DEMO Insecticide 25WP',
    activeIngredients: [{ name: 'Buprofezin', concentration: 25, concentrationUnit: '%' }],
    formulation: 'WP',
    registrationNumber: 'DEMO-0002',
    labelRate: { min: 0.6, max: 0.8, unit: 'kg' },
    phiDays: 7,
    notes: 'Demo data, not a real label.',
  });
}

/** What the audit chain keeps of a field: its identity, owner and the hash of its boundary. */
function fieldAuditData(f: FieldRecord) {
  return {
    name: f.name,
    owner: f.owner,
    crop: f.crop,
    areaM2: Math.round(f.areaM2 * 10) / 10,
    geometrySha256: contentSha256(f.geometry),
  };
}

/** Fields as a Field-file FeatureCollection (role "field"), ready to import again. */
export function fieldsToGeoJSON(fields: FieldRecord[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: fields.map((f) => ({
      type: 'Feature',
      properties: {
        role: 'field',
        id: f.id,
        name: f.name,
        owner: f.owner,
        crop: f.crop,
        area_m2: Math.round(f.areaM2 * 10) / 10,
      },
      geometry: f.geometry,
    })),
  };
}
