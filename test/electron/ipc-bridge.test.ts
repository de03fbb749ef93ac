import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppService } from '../../electron/service/app-service.js';
import { tempDbPath } from '../helpers/temp-db.js';

type Handler = (
  event: { senderFrame?: { url: string } },
  method: unknown,
  input: unknown,
) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const sent: unknown[][] = [];

// Electron's main-process modules, as far as the bridge uses them (no binary here).
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  BrowserWindow: {
    getAllWindows: () => [{ webContents: { send: (...args: unknown[]) => sent.push(args) } }],
  },
}));

const { attachIpcBridge, IPC_CALL, IPC_EVENT } = await import('../../electron/bridge/ipc-bridge.js');

describe('desktop IPC bridge', () => {
  const tmp = tempDbPath();
  let service: AppService;
  let detach: () => void;
  beforeAll(async () => {
    service = await AppService.open(tmp.path, 'desktop');
    detach = attachIpcBridge(service);
  });
  afterAll(async () => {
    detach();
    await service.close();
    tmp.cleanup();
  });
  const call = (method: string, input: unknown, url = 'file:///app/dist-renderer/index.html') =>
    handlers.get(IPC_CALL)!({ senderFrame: { url } }, method, input);

  it('answers the app window with { ok, result }', async () => {
    expect(await call('fields.list', {})).toEqual({ ok: true, result: [] });
  });

  it('refuses calls from any page that is not the app (e.g. a navigated-to web page)', async () => {
    expect(await call('fields.list', {}, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('validates input and returns the error body with every issue', async () => {
    const r = (await call('fields.create', { name: '' })) as {
      ok: false;
      error: { code: string; issues: { where: string }[] };
    };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.issues.map((i) => i.where)).toEqual(expect.arrayContaining(['name', 'geometry']));
  });

  it('pushes events to the windows', async () => {
    await call('demo.load', {});
    expect(
      sent.some(
        ([channel, msg]) => channel === IPC_EVENT && (msg as { event: string }).event === 'fields.changed',
      ),
    ).toBe(true);
  });
});
