import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDbPath } from './app-paths.js';
import { startHttpBridge } from './bridge/http-bridge.js';
import { AppService } from './service/app-service.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Browser mode: serves the renderer and the app API on 127.0.0.1 with a fresh access token, for
 * machines without an Electron binary. `npm run web [-- --port 8080 --db file --no-build]`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      db: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: true },
    },
  });
  const staticDir = join(root, 'dist-renderer');
  if (!values['no-build'] || !existsSync(join(staticDir, 'index.html'))) {
    process.stdout.write('Building the window (vite)…\n');
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
  }
  const dbPath = resolveDbPath(values.db);
  const service = await AppService.open(dbPath, 'browser');
  if (values.demo && process.env.AGRISPRAY_DEMO === '1' && (await service.ctx.fields.count()) === 0) {
    await service.call('demo.load', {});
    process.stdout.write('  demo: the Định Hưng commune (12 plots) was added to the empty database\n');
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port number: ${values.port}`);
  const bridge = await startHttpBridge({ service, staticDir, port });
  process.stdout.write(
    `\nAgriSpray Planner (browser mode)\n  database: ${dbPath}\n  open:     ${bridge.url}\n  (only this machine can connect; the token changes at every start)\n` +
      '  drone:    Drone tab → "Built-in simulated drone" → Connect, or a radio/UDP link\n\n',
  );
  const stop = async () => {
    await bridge.close();
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`agrispray web: ${(e as Error).message}\n`);
  process.exit(1);
});
