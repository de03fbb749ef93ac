import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((f) => {
    const p = join(dir, f);
    return statSync(join(root, p)).isDirectory() ? files(p) : /\.(ts|cts)$/.test(f) ? [p] : [];
  });
}

/** Every import of a file as [specifier, type-only?]. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const src = readFileSync(join(root, file), 'utf8');
  return [...src.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({
    spec: m[2]!,
    typeOnly: !!m[1],
  }));
}

function layerOf(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = relative(root, join(root, file, '..', spec));
  return target.split('/')[0];
}

/** DESIGN.md "Layers": arrows point down only; only electron/ wires layers together. */
describe('layer rules', () => {
  const allowed: Record<string, string[]> = {
    mission: ['mission'],
    mavlink: ['mavlink', 'mission'],
    fields: ['fields', 'mission'],
  };
  for (const [layer, ok] of Object.entries(allowed)) {
    it(`${layer}/ imports only ${ok.join(' and ')}`, () => {
      const bad = files(layer).flatMap((f) =>
        imports(f)
          .map((i) => ({ f, l: layerOf(f, i.spec), spec: i.spec }))
          .filter((x) => x.l !== undefined && !ok.includes(x.l))
          .map((x) => `${x.f} → ${x.spec}`),
      );
      expect(bad).toEqual([]);
    });
  }

  it('mission/ uses no Node API (it also runs in the window)', () => {
    const bad = files('mission').flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i.spec.startsWith('node:') ||
            ['fs', 'path', 'crypto', 'os', 'sqlite3', 'serialport'].includes(i.spec),
        )
        .map((i) => `${f} → ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('the window reaches mavlink/ and fields/ only through the app API (types at most)', () => {
    const bad = files('renderer').flatMap((f) =>
      imports(f)
        .filter((i) => !i.typeOnly)
        .map((i) => ({ i, l: layerOf(f, i.spec) }))
        .filter(
          (x) => x.l === 'mavlink' || x.l === 'fields' || (x.l === 'electron' && !x.i.spec.includes('/api/')),
        )
        .map((x) => `${f} → ${x.i.spec}`),
    );
    expect(bad).toEqual([]);
  });
});
