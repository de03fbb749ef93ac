// `npm start`: the desktop app with demo data and the simulated drone. Without an Electron
// binary (it is downloaded separately and cannot be fetched offline), says so and serves the
// same window in browser mode on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();

function electronBinary() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const env = { ...process.env, AGRISPRAY_DEMO: process.env.AGRISPRAY_DEMO ?? '1' };
const bin = electronBinary();
const forceWeb = process.argv.includes('--web');
if (bin && !forceWeb) {
  run(process.execPath, [
    join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'vite.renderer.config.ts',
  ]);
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.electron.json']);
  const child = spawn(bin, ['.'], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceWeb) {
    process.stdout.write(
      '\nNo Electron binary is installed (node_modules/electron/dist is missing: it is downloaded from the\n' +
        'internet by `npx install-electron`, which this machine cannot reach). Serving browser mode instead:\n' +
        'the same window and the same API, on 127.0.0.1 only.\n',
    );
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'electron/web.ts'), ...process.argv.slice(2).filter((a) => a !== '--web')],
    {
      cwd: root,
      stdio: 'inherit',
      env,
    },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
}
