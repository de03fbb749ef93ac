import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder with a database path in it; `cleanup()` removes it. */
export function tempDbPath(prefix = 'agrispray-test-'): { dir: string; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: join(dir, 'test.sqlite'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
