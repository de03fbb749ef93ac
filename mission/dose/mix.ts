/** Square metres in one sào Bắc Bộ (northern Vietnam). Trung Bộ uses about 500. */
import { SAO_BAC_BO_M2 } from '../units/area.js';
import { InputError, type Issue } from './input-error.js';
import { parseTankMix, type RateUnit, type TankMix, type TankMixInput } from './product.js';

/** A label range overridden on purpose, kept with the job as evidence. */
export interface RateOverride {
  product: string;
  ratePerHa: number;
  unit: RateUnit;
  labelMin: number;
  labelMax: number;
  reason: string;
}

/**
 * Checks every product's rate against its label range. A rate outside the range is refused unless
 * the mix gives an override with a reason; the overrides are returned so they can be recorded.
 */
export function checkLabelRates(mix: TankMix): RateOverride[] {
  const issues: Issue[] = [];
  const overrides: RateOverride[] = [];
  mix.products.forEach((mp, i) => {
    const { min, max, unit } = mp.product.labelRate;
    const r = mp.ratePerHa;
    if (r >= min - 1e-9 && r <= max + 1e-9) return;
    if (mp.override) {
      overrides.push({
        product: mp.product.name,
        ratePerHa: r,
        unit,
        labelMin: min,
        labelMax: max,
        reason: mp.override.reason,
      });
    } else {
      issues.push({
        where: `products[${i}].ratePerHa`,
        message: `${r} ${unit}/ha of ${mp.product.name} is ${r < min ? 'below' : 'above'} the label range ${min}–${max} ${unit}/ha; give an override with a reason to spray it anyway`,
      });
    }
  });
  if (issues.length) throw new InputError(issues, 'tank mix');
  return overrides;
}

/** One product's amounts in the units a farmer reads, in its label unit (L or kg). */
export interface ProductAmounts {
  name: string;
  unit: RateUnit;
  formulation: string;
  registrationNumber: string;
  phiDays: number;
  perHa: number;
  perSao: number;
  per1000m2: number;
  /** In one full tank. */
  perFullTank: number;
  /** For the whole job. */
  total: number;
}

/** Water or mix amounts (L). */
export interface LiquidAmounts {
  perHa: number;
  perSao: number;
  per1000m2: number;
  perFullTank: number;
  total: number;
}

/** What goes into one tank load. */
export interface TankLoad {
  /** 1-based. */
  index: number;
  liquidL: number;
  areaHa: number;
  products: { name: string; unit: RateUnit; amount: number }[];
  waterL: number;
}

/** One plot's (one owner's) share of the job, for accounting with each farmer. */
export interface PlotMix {
  plotId: string;
  name?: string;
  owner?: string;
  areaHa: number;
  /** Area in sào (of `saoM2`). */
  sao: number;
  liquidL: number;
  products: { name: string; unit: RateUnit; amount: number }[];
}

/** A job's mix sheet: how much of what, per unit of land and per tank. */
export interface MixSheet {
  volumeLPerHa: number;
  /** Area the nozzles cover (ha). */
  areaHa: number;
  saoM2: number;
  tankL: number;
  totalLiquidL: number;
  products: ProductAmounts[];
  water: LiquidAmounts;
  liquid: LiquidAmounts;
  tanks: TankLoad[];
  /** Each plot's share (when plots were given), by its sprayed area. */
  perPlot: PlotMix[];
  overrides: RateOverride[];
  warnings: string[];
}

export interface MixInput {
  mix: TankMixInput | TankMix;
  /** Area the nozzles cover (ha), e.g. spray length × swath from the plan. */
  areaHa: number;
  /** Tank volume (L). */
  tankL: number;
  /** m² per sào (default 360, sào Bắc Bộ). */
  saoM2?: number;
  /** Liquid of each tank load (L) when the sorties are known; else full tanks and a remainder. */
  tankLoadsL?: number[];
  /** Plots of the block with their sprayed area (ha), for each owner's share. */
  plots?: { plotId: string; name?: string; owner?: string; areaHa: number }[];
}

/**
 * Works out the mix sheet for a job. Refuses absurd numbers and off-label rates (unless
 * overridden, and then records the override).
 */
export function computeMix(input: MixInput): MixSheet {
  const mix = parseTankMix(input.mix);
  const issues: Issue[] = [];
  const saoM2 = input.saoM2 ?? SAO_BAC_BO_M2;
  if (!Number.isFinite(input.areaHa) || input.areaHa <= 0)
    issues.push({ where: 'areaHa', message: `must be a positive number, got ${input.areaHa}` });
  else if (input.areaHa > 10_000)
    issues.push({ where: 'areaHa', message: `${input.areaHa} ha is not one job` });
  if (!Number.isFinite(input.tankL) || input.tankL <= 0 || input.tankL > 100)
    issues.push({ where: 'tankL', message: `must be between 0 and 100 L, got ${input.tankL}` });
  if (!Number.isFinite(saoM2) || saoM2 < 100 || saoM2 > 1000)
    issues.push({ where: 'saoM2', message: `a sào is 100–1000 m² (360 Bắc Bộ, 500 Trung Bộ), got ${saoM2}` });
  input.plots?.forEach((pl, i) => {
    if (!Number.isFinite(pl.areaHa) || pl.areaHa < 0)
      issues.push({ where: `plots[${i}].areaHa`, message: `must be a number ≥ 0, got ${pl.areaHa}` });
  });
  input.tankLoadsL?.forEach((l, i) => {
    if (!Number.isFinite(l) || l <= 0 || l > input.tankL * 1.0001)
      issues.push({
        where: `tankLoadsL[${i}]`,
        message: `must be between 0 and the tank (${input.tankL} L), got ${l}`,
      });
  });
  if (issues.length) throw new InputError(issues, 'mix');
  const overrides = checkLabelRates(mix);

  const V = mix.volumeLPerHa;
  const liquidProductLPerHa = mix.products.reduce(
    (s, p) => s + (p.product.labelRate.unit === 'L' ? p.ratePerHa : 0),
    0,
  );
  if (liquidProductLPerHa >= V) {
    throw new InputError(
      [
        {
          where: 'volumeLPerHa',
          message: `the liquid products alone (${liquidProductLPerHa} L/ha) fill the spray volume of ${V} L/ha: raise the volume`,
        },
      ],
      'tank mix',
    );
  }
  const warnings: string[] = [];
  if (V < 8)
    warnings.push(`${V} L/ha is a very low volume: check the label allows it for drones and watch coverage`);
  if (mix.products.some((p) => p.product.labelRate.unit === 'kg'))
    warnings.push(
      'powders and granules: their own volume is ignored; fill water to the mark after dissolving them',
    );
  for (const o of overrides)
    warnings.push(
      `OFF-LABEL: ${o.product} at ${o.ratePerHa} ${o.unit}/ha (label ${o.labelMin}–${o.labelMax}); reason: ${o.reason}`,
    );

  const totalLiquidL = V * input.areaHa;
  const per = (perHa: number, totalHa: number): LiquidAmounts => ({
    perHa,
    perSao: (perHa * saoM2) / 10_000,
    per1000m2: perHa / 10,
    perFullTank: (perHa * input.tankL) / V,
    total: perHa * totalHa,
  });
  const products: ProductAmounts[] = mix.products.map((mp) => ({
    name: mp.product.name,
    unit: mp.product.labelRate.unit,
    formulation: mp.product.formulation,
    registrationNumber: mp.product.registrationNumber,
    phiDays: mp.product.phiDays,
    ...per(mp.ratePerHa, input.areaHa),
  }));
  const water = per(V - liquidProductLPerHa, input.areaHa);
  const liquid = per(V, input.areaHa);

  let loads = input.tankLoadsL;
  if (!loads) {
    loads = [];
    let left = totalLiquidL;
    while (left > 1e-9) {
      const l = Math.min(input.tankL, left);
      loads.push(l);
      left -= l;
    }
  }
  const tanks: TankLoad[] = loads.map((l, i) => {
    const ha = l / V;
    const prods = mix.products.map((mp) => ({
      name: mp.product.name,
      unit: mp.product.labelRate.unit,
      amount: mp.ratePerHa * ha,
    }));
    return { index: i + 1, liquidL: l, areaHa: ha, products: prods, waterL: l - liquidProductLPerHa * ha };
  });
  const perPlot: PlotMix[] = (input.plots ?? []).map((pl) => {
    const out: PlotMix = {
      plotId: pl.plotId,
      areaHa: pl.areaHa,
      sao: (pl.areaHa * 10_000) / saoM2,
      liquidL: V * pl.areaHa,
      products: mix.products.map((mp) => ({
        name: mp.product.name,
        unit: mp.product.labelRate.unit,
        amount: mp.ratePerHa * pl.areaHa,
      })),
    };
    if (pl.name !== undefined) out.name = pl.name;
    if (pl.owner !== undefined) out.owner = pl.owner;
    return out;
  });
  return {
    volumeLPerHa: V,
    areaHa: input.areaHa,
    saoM2,
    tankL: input.tankL,
    totalLiquidL,
    products,
    water,
    liquid,
    tanks,
    perPlot,
    overrides,
    warnings,
  };
}

/** An amount in the unit a person measures with: mL/g below 1 L/kg, else L/kg. */
export function formatAmount(v: number, unit: RateUnit | 'L'): string {
  const small = unit === 'L' ? 'mL' : 'g';
  if (Math.abs(v) < 0.9995) return `${Math.round(v * 1000)} ${small}`;
  const r = Math.round(v * 100) / 100;
  return `${r.toFixed(r < 10 ? 2 : 1)} ${unit}`;
}

/** The mix sheet as plain text for a terminal or a printout. */
export function formatMixSheet(s: MixSheet): string {
  const out: string[] = [];
  const pad = (t: string, n: number) => t.padEnd(n);
  out.push(
    `Spray volume ${s.volumeLPerHa} L/ha · area ${s.areaHa.toFixed(3)} ha (${((s.areaHa * 10_000) / s.saoM2).toFixed(1)} sào of ${s.saoM2} m²) · total mix ${s.totalLiquidL.toFixed(1)} L · tank ${s.tankL} L · ${s.tanks.length} load(s)`,
  );
  out.push('');
  out.push(
    `${pad('', 28)}${pad('per ha', 12)}${pad('per sào', 12)}${pad('per 1000 m²', 13)}${pad('per full tank', 15)}total`,
  );
  const row = (name: string, a: LiquidAmounts, unit: RateUnit) =>
    `${pad(name.slice(0, 27), 28)}${pad(formatAmount(a.perHa, unit), 12)}${pad(formatAmount(a.perSao, unit), 12)}${pad(formatAmount(a.per1000m2, unit), 13)}${pad(formatAmount(a.perFullTank, unit), 15)}${formatAmount(a.total, unit)}`;
  for (const p of s.products) out.push(row(`${p.name} (${p.formulation})`, p, p.unit));
  out.push(row('Water', s.water, 'L'));
  out.push(row('Mix', s.liquid, 'L'));
  out.push('');
  out.push('Tank loads:');
  for (const t of s.tanks) {
    out.push(
      `  ${String(t.index).padStart(2)}: ${formatAmount(t.liquidL, 'L')} mix for ${t.areaHa.toFixed(3)} ha = ${t.products.map((p) => `${formatAmount(p.amount, p.unit)} ${p.name}`).join(' + ')} + ${formatAmount(t.waterL, 'L')} water`,
    );
  }
  if (s.perPlot.length > 0) {
    out.push('');
    out.push('Per plot (sprayed area):');
    for (const p of s.perPlot) {
      const who = [p.name ?? p.plotId, p.owner].filter(Boolean).join(' · ');
      out.push(
        `  ${who}: ${(p.areaHa * 10_000).toFixed(0)} m² (${p.sao.toFixed(1)} sào) = ${p.products.map((x) => `${formatAmount(x.amount, x.unit)} ${x.name}`).join(' + ')} in ${formatAmount(p.liquidL, 'L')} mix`,
      );
    }
  }
  const phi = Math.max(...s.products.map((p) => p.phiDays));
  out.push('');
  out.push(`Pre-harvest interval: ${phi} day(s).`);
  for (const w of s.warnings) out.push(`! ${w}`);
  return out.join('\n');
}

/**
 * Converts a knapsack-sprayer label ("15 mL per 16 L bình, 2 bình per sào") to a rate per hectare,
 * the quantity that must stay the same on a drone: the drone sprays far less water per hectare, so
 * its mix is more concentrated, never the product per hectare higher or lower.
 * `amountPerTank` is in L (or kg) of product per knapsack load.
 */
export function ratePerHaFromKnapsack(input: {
  amountPerTank: number;
  tanksPerSao: number;
  saoM2?: number;
}): number {
  const sao = input.saoM2 ?? SAO_BAC_BO_M2;
  const issues: Issue[] = [];
  if (!(input.amountPerTank > 0) || !Number.isFinite(input.amountPerTank))
    issues.push({ where: 'amountPerTank', message: `must be a positive number, got ${input.amountPerTank}` });
  if (!(input.tanksPerSao > 0) || !Number.isFinite(input.tanksPerSao))
    issues.push({ where: 'tanksPerSao', message: `must be a positive number, got ${input.tanksPerSao}` });
  if (!(sao >= 100 && sao <= 1000))
    issues.push({ where: 'saoM2', message: `a sào is 100–1000 m², got ${sao}` });
  if (issues.length) throw new InputError(issues, 'knapsack label');
  return (input.amountPerTank * input.tanksPerSao * 10_000) / sao;
}
