// The desktop window's only door to the app: a two-function API exposed with contextBridge
// (contextIsolation and sandbox on). It must stay CommonJS and self-contained: sandboxed
// preloads cannot import project modules.
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('agrispray', {
  call: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('agrispray:call', method, input),
  onEvent: (listener: (message: unknown) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on('agrispray:event', handler);
    return () => ipcRenderer.removeListener('agrispray:event', handler);
  },
});
