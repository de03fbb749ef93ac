import { CatalogRepository } from '../../fields/catalog/catalog-repo.js';
import { jobMissionFile } from '../../mission/files/mission-export.js';
import { routeToGeoJson, routeToKml, sortieRouteLines } from '../../mission/files/route-geo.js';
import type { Plan } from '../../mission/plan/types.js';
import { type Job, type JobOptions, prepareJob } from '../../mission/sorties/job.js';
import { noFlyConnector } from '../../mission/sorties/no-fly-connector.js';
import type { ApiInput } from '../api/contract.js';
import { ApiError } from '../api/define.js';
import type { ServiceContext } from './context.js';
import { planFromSource } from './plan-service.js';

/** The route and the full job options (profile and products looked up) for a job request. */
export async function jobInputs(
  ctx: ServiceContext,
  catalog: CatalogRepository,
  source: ApiInput<'job.prepare'>['source'],
  options: ApiInput<'job.prepare'>['options'],
): Promise<{ plan: Plan; jobOptions: JobOptions }> {
  const { plan, noFly } = await planFromSource(ctx, source);
  const profile = await catalog.getProfile(options.profileId);
  if (!profile)
    throw new ApiError({ code: 'not_found', message: `no drone profile with id ${options.profileId}` });
  const products = [];
  for (const [i, p] of (options.products ?? []).entries()) {
    const product = await catalog.getProduct(p.productId);
    if (!product)
      throw new ApiError({ code: 'not_found', message: `products.${i}: no product with id ${p.productId}` });
    products.push({ product, ratePerHa: p.ratePerHa, ...(p.override ? { override: p.override } : {}) });
  }
  const settings = (await ctx.settings.all()) as { saoM2?: number };
  const jobOptions: JobOptions = {
    profile,
    volumeLPerHa: options.volumeLPerHa,
    ...(options.tankL !== undefined ? { tankL: options.tankL } : {}),
    ...(options.batteryEnduranceMin !== undefined
      ? { batteryEnduranceMin: options.batteryEnduranceMin }
      : {}),
    ...(options.spraySpeedMps !== undefined ? { spraySpeedMps: options.spraySpeedMps } : {}),
    ...(products.length ? { products } : {}),
    ...(settings.saoM2 ? { saoM2: settings.saoM2 } : {}),
    ...(noFly.length ? { noFly } : {}),
  };
  // ferry legs to and from the refill point go round no-fly zones too
  const connect = noFlyConnector(plan.origin, noFly);
  if (connect) jobOptions.connect = connect;
  return { plan, jobOptions };
}

/** Builds the job (sorties, missions, fence, mix) for a route and the operator's options. */
export async function jobFor(
  ctx: ServiceContext,
  catalog: CatalogRepository,
  source: ApiInput<'job.prepare'>['source'],
  options: ApiInput<'job.prepare'>['options'],
): Promise<{ plan: Plan; job: Job }> {
  const { plan, jobOptions } = await jobInputs(ctx, catalog, source, options);
  return { plan, job: prepareJob(plan, jobOptions) };
}

/** Handlers for the product catalogue, drone profiles and jobs (dose, sorties, mission files). */
export function missionHandlers(ctx: ServiceContext) {
  const catalog = new CatalogRepository(ctx.db);
  return {
    'catalog.products': () => catalog.listProducts(),
    'catalog.saveProduct': async ({ id, product }: ApiInput<'catalog.saveProduct'>) => {
      const saved = id
        ? await catalog.updateProduct(id, product as never)
        : await catalog.createProduct(product as never);
      ctx.emit('catalog.changed', { reason: 'product' });
      return saved;
    },
    'catalog.deleteProduct': async ({ id }: ApiInput<'catalog.deleteProduct'>) => {
      const deleted = await catalog.deleteProduct(id);
      ctx.emit('catalog.changed', { reason: 'product' });
      return { deleted };
    },
    'catalog.importProductsCsv': async ({ content, update }: ApiInput<'catalog.importProductsCsv'>) => {
      const r = await catalog.importProductsCsv(content, { onDuplicate: update ? 'update' : 'error' });
      ctx.emit('catalog.changed', { reason: 'import' });
      return r;
    },
    'catalog.profiles': () => catalog.listProfiles(),
    'catalog.saveProfile': async ({ profile }: ApiInput<'catalog.saveProfile'>) => {
      const saved = await catalog.saveProfile(profile as never);
      ctx.emit('catalog.changed', { reason: 'profile' });
      return saved;
    },
    'catalog.deleteProfile': async ({ id }: ApiInput<'catalog.deleteProfile'>) => {
      const deleted = await catalog.deleteProfile(id);
      ctx.emit('catalog.changed', { reason: 'profile' });
      return { deleted };
    },
    'job.prepare': async ({ source, options }: ApiInput<'job.prepare'>) =>
      (await jobFor(ctx, catalog, source, options)).job,
    'job.export': async ({ source, options, format, sortie }: ApiInput<'job.export'>) => {
      const { job } = await jobFor(ctx, catalog, source, options);
      const s = sortie ?? 1;
      if (s > job.missions.length) {
        throw new ApiError({
          code: 'invalid_input',
          message: `sortie ${s}: the job has ${job.missions.length} sortie(s)`,
          issues: [{ where: 'sortie', message: `1 to ${job.missions.length}` }],
        });
      }
      const stamp = new Date().toISOString().slice(0, 10);
      switch (format) {
        case 'plan':
          return {
            fileName: `agrispray-${stamp}-sortie${s}.plan`,
            mime: 'application/json',
            content: jobMissionFile(job, 'plan', s),
          };
        case 'waypoints':
          return {
            fileName: `agrispray-${stamp}-sortie${s}.waypoints`,
            mime: 'text/plain',
            content: jobMissionFile(job, 'waypoints', s),
          };
        case 'geojson':
          return {
            fileName: `agrispray-${stamp}-route.geojson`,
            mime: 'application/geo+json',
            content: JSON.stringify(routeToGeoJson(sortieRouteLines(job.sorties)), null, 1),
          };
        default:
          return {
            fileName: `agrispray-${stamp}-route.kml`,
            mime: 'application/vnd.google-earth.kml+xml',
            content: routeToKml(sortieRouteLines(job.sorties)),
          };
      }
    },
  };
}
