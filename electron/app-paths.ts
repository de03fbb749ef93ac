import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Where the app keeps its data when nothing else is said. The same folder Electron's
 * `app.getPath('userData')` uses for an app named "AgriSpray Planner", so the desktop app, browser
 * mode and the CLI share one database.
 */
export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'AgriSpray Planner');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'AgriSpray Planner');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'AgriSpray Planner');
}

/** The database path: `--db` flag, else `AGRISPRAY_DB`, else `<data dir>/agrispray.sqlite`. */
export function resolveDbPath(flag?: string): string {
  const p = flag ?? process.env.AGRISPRAY_DB ?? join(defaultDataDir(), 'agrispray.sqlite');
  mkdirSync(dirname(p), { recursive: true });
  return p;
}
