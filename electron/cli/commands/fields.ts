import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatArea } from '../../../mission/units/area.js';
import type { FieldDto } from '../../api/fields-api.js';
import { CliError } from '../cli-error.js';
import { withService } from '../service-runner.js';
import { DB_HELP, textTable } from '../text-table.js';

/** `agrispray fields import|list|export`. */
export function register(program: Command): void {
  const fields = program.command('fields').description('manage field boundaries (plots)');

  fields
    .command('import')
    .description('import the fields of a GeoJSON or KML file (all or nothing)')
    .argument('<file>', 'a .geojson/.json or .kml file')
    .option('--db <path>', DB_HELP)
    .action(async (file: string, opts: { db?: string }) => {
      let content: string;
      try {
        content = await readFile(file, 'utf8');
      } catch (e) {
        throw new CliError(
          `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      const r = await withService(opts.db, (s) =>
        s.call('fields.import', { fileName: basename(file), content }),
      );
      const out = r as { created: FieldDto[]; skipped: string[] };
      for (const f of out.created)
        process.stdout.write(`imported ${f.id}  ${f.name}  ${formatArea(f.areaM2)}\n`);
      for (const s of out.skipped) process.stdout.write(`skipped: ${s}\n`);
    });

  fields
    .command('list')
    .description('list the stored fields with their areas (ha, sào, m²)')
    .option('--db <path>', DB_HELP)
    .option('--sao-m2 <m2>', 'm² per sào (360 Bắc Bộ, 500 Trung Bộ)', '360')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; saoM2: string; json?: boolean }) => {
      const sao = Number(opts.saoM2);
      if (!Number.isFinite(sao) || sao <= 0)
        throw new CliError(`--sao-m2: expected a positive number, got "${opts.saoM2}"`);
      const list = (await withService(opts.db, (s) => s.call('fields.list', {}))) as FieldDto[];
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        process.stdout.write('no fields\n');
        return;
      }
      const rows = [
        ['ID', 'NAME', 'OWNER', 'CROP', 'AREA'],
        ...list.map((f) => [f.id, f.name, f.owner, f.crop, formatArea(f.areaM2, sao)]),
      ];
      process.stdout.write(`${textTable(rows)}\n`);
    });

  fields
    .command('export')
    .description('export fields as GeoJSON (role "field"), to stdout or a file')
    .argument('[ids...]', 'field ids (default: all)')
    .option('--db <path>', DB_HELP)
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (ids: string[], opts: { db?: string; out?: string }) => {
      const r = (await withService(opts.db, (s) => s.call('fields.export', ids.length ? { ids } : {}))) as {
        geojson: unknown;
      };
      const text = `${JSON.stringify(r.geojson, null, 2)}\n`;
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });
}
