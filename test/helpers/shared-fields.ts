import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real sample fields in ../shared/fields, when that folder is present beside the repo. */
export const SHARED_FIELDS_DIR = join(process.cwd(), '..', 'shared', 'fields');

export function sharedFieldFiles(): { name: string; path: string; text: string }[] {
  if (!existsSync(SHARED_FIELDS_DIR)) return [];
  return readdirSync(SHARED_FIELDS_DIR)
    .filter((f) => f.endsWith('.geojson'))
    .sort()
    .map((f) => {
      const path = join(SHARED_FIELDS_DIR, f);
      return { name: f.replace(/\.geojson$/, ''), path, text: readFileSync(path, 'utf8') };
    });
}
