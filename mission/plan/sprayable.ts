import type { FieldFile, Plot } from '../field/types.js';
import type { LocalFrame } from '../geo/local-frame.js';
import { ringSignedArea } from '../geo/local-frame.js';
import type { LngLat, RingXY } from '../geo/types.js';
import { areaM2, bounds, difference, intersect, offset, type Paths, ringToPath, union } from './geometry.js';
import type { ResolvedParams } from './params.js';

/** One plot of a block in the plan's frame. */
export interface PlotArea {
  plot: Plot;
  /** The plot as drawn (outer rings minus its own holes), integer-mm paths. */
  paths: Paths;
  areaM2: number;
}

/** Stage 1 of the pipeline: what may be sprayed, and where the drone may not fly. */
export interface SprayArea {
  /** Sprayable area L: plots (bunds between close plots bridged) − edge buffer − no-spray zones, holes and no-fly zones (grown). */
  sprayable: Paths;
  plots: PlotArea[];
  /** No-fly zones exactly as given (union). */
  noFly: Paths;
  /** No-fly zones grown by the fly margin: transits route around these. */
  obstacles: Paths;
  warnings: string[];
}

function orientedRing(ring: readonly LngLat[], frame: LocalFrame, positive: boolean): RingXY {
  const xy = frame.ringToXY(ring);
  const ccw = ringSignedArea(xy) > 0;
  return ccw === positive ? xy : xy.slice().reverse();
}

function boxesOverlap(a: ReturnType<typeof bounds>, b: ReturnType<typeof bounds>, pad: number): boolean {
  return a.minX - pad <= b.maxX && b.minX - pad <= a.maxX && a.minY - pad <= b.maxY && b.minY - pad <= a.maxY;
}

/**
 * Builds the sprayable area of a block of plots.
 *
 * Plots closer than `plotGapM` are joined across the bunds between them: the block is closed
 * morphologically (+gap/2, −gap/2) but only the part of the closing that lies within the gap of
 * at least two different plots is kept. So a bund between two neighbours in the job is sprayed
 * over (the nozzles stay on over a 30–50 cm ridge of the same owners' paddies instead of
 * switching every 20 m), while nothing outside the block grows: a notch in a single plot, the
 * outer edge facing a neighbour who did not ask for spraying, and a plot's own holes stay as
 * drawn. Then the edge buffer is taken off the block's outer boundary, plot holes and no-spray
 * zones are grown by `noSprayBufferM` and removed, and no-fly zones grown by the fly margin are
 * removed too (nothing is sprayed where the drone may not fly).
 */
export function buildSprayArea(field: FieldFile, p: ResolvedParams, frame: LocalFrame): SprayArea {
  const warnings: string[] = [];
  const plots: PlotArea[] = [];
  const outers: Paths[] = [];
  const holes: Paths = [];
  for (const plot of field.plots) {
    const outer: Paths = [];
    const own: Paths = [];
    for (const poly of plot.polygons) {
      outer.push(ringToPath(orientedRing(poly[0]!, frame, true)));
      for (let h = 1; h < poly.length; h++) own.push(ringToPath(orientedRing(poly[h]!, frame, true)));
    }
    const outerU = union(outer);
    const paths = difference(outerU, own);
    outers.push(outerU);
    holes.push(...own);
    plots.push({ plot, paths, areaM2: areaM2(paths) });
  }

  let block = union(outers.flat());
  if (outers.length > 1) {
    const drawnTwice = outers.reduce((sum, o) => sum + areaM2(o), 0) - areaM2(block);
    if (drawnTwice > 1) {
      warnings.push(
        `plots overlap by ${drawnTwice.toFixed(0)} m² (drawn twice?): that ground is sprayed once and counted for the first plot`,
      );
    }
  }
  const gap = p.plotGapM;
  if (outers.length > 1 && gap > 0) {
    const closed = offset(offset(block, gap / 2, 'miter'), -gap / 2, 'miter');
    const bridges = difference(closed, block);
    if (bridges.length > 0) {
      const grown = outers.map((o) => offset(o, gap, 'round'));
      const boxes = grown.map(bounds);
      let near2: Paths = [];
      for (let i = 0; i < grown.length; i++)
        for (let j = i + 1; j < grown.length; j++) {
          if (!boxesOverlap(boxes[i]!, boxes[j]!, 0)) continue;
          const both = intersect(grown[i]!, grown[j]!);
          if (both.length > 0) near2 = near2.concat(both);
        }
      if (near2.length > 0) block = union(block, intersect(bridges, union(near2)));
    }
  }

  if (p.edgeBufferM > 0) block = offset(block, -p.edgeBufferM, 'round');

  const noSpray: Paths = [...holes];
  for (const z of field.noSpray) noSpray.push(ringToPath(orientedRing(z.ring, frame, true)));
  const noSprayGrown = noSpray.length > 0 ? offset(union(noSpray), p.noSprayBufferM, 'round') : [];

  const noFlyRings: Paths = field.noFly.map((z) => ringToPath(orientedRing(z.ring, frame, true)));
  const noFly = noFlyRings.length > 0 ? union(noFlyRings) : [];
  const obstacles = noFly.length > 0 && p.noFlyMarginM > 0 ? offset(noFly, p.noFlyMarginM, 'miter') : noFly;

  const exclusions = union(noSprayGrown, obstacles);
  const sprayable = exclusions.length > 0 ? difference(block, exclusions) : block;
  if (areaM2(sprayable) <= 0)
    warnings.push('nothing to spray: the buffers and zones leave no sprayable area');
  return { sprayable, plots, noFly, obstacles, warnings };
}
