import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { resolveDbPath } from './app-paths.js';
import { CONTENT_SECURITY_POLICY } from './bridge/csp.js';
import { attachIpcBridge } from './bridge/ipc-bridge.js';
import { AppService } from './service/app-service.js';

// Compiled to dist-electron/electron/main.js; the project root is two folders up.
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

async function createWindow(): Promise<void> {
  const service = await AppService.open(
    resolveDbPath(process.env.AGRISPRAY_DB ?? join(app.getPath('userData'), 'agrispray.sqlite')),
    'desktop',
  );
  if (process.env.AGRISPRAY_DEMO === '1' && (await service.ctx.fields.count()) === 0)
    await service.call('demo.load', {});
  attachIpcBridge(service);
  app.on('will-quit', () => void service.close());

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'AgriSpray Planner',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  await win.loadFile(join(root, 'dist-renderer', 'index.html'));
}

app.whenReady().then(createWindow, (e) => {
  console.error(e);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
