import { BrowserWindow, ipcMain } from 'electron';
import { ApiError } from '../api/define.js';
import type { AppService } from '../service/app-service.js';

export const IPC_CALL = 'agrispray:call';
export const IPC_EVENT = 'agrispray:event';

/**
 * Desktop app: the app API over Electron IPC. Calls are accepted only from the app's own pages
 * (file://); results travel as `{ ok, result }` / `{ ok: false, error }` because Electron drops
 * custom fields of thrown errors. Events go to every window.
 */
export function attachIpcBridge(service: AppService): () => void {
  ipcMain.handle(IPC_CALL, async (event, method: unknown, input: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!url.startsWith('file://')) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'calls are only accepted from the app window' },
      };
    }
    try {
      return { ok: true, result: await service.call(String(method), input) };
    } catch (e) {
      const body = e instanceof ApiError ? e.body : { code: 'internal', message: (e as Error).message };
      return { ok: false, error: body };
    }
  });
  const off = service.ctx.onEvent((name, data) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(IPC_EVENT, { event: name, data });
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    off();
  };
}
