import type {
  ApiEventMessage,
  ApiInput,
  ApiOutput,
  EventName,
  MethodName,
} from '../electron/api/contract.js';
import type { ApiErrorBody } from '../electron/api/define.js';

/** The preload's door in the desktop app (see electron/preload.cts). */
interface DesktopBridge {
  call(
    method: string,
    input: unknown,
  ): Promise<{ ok: true; result: unknown } | { ok: false; error: ApiErrorBody }>;
  onEvent(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    agrispray?: DesktopBridge;
  }
}

/** An API call that failed, with the server's words (and, for bad input, each issue with where). */
export class ApiCallError extends Error {
  readonly body: ApiErrorBody;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiCallError';
    this.body = body;
  }
}

export interface ApiClient {
  call<M extends MethodName>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  on<E extends EventName>(event: E, listener: (data: ApiEventMessage<E>['data']) => void): () => void;
  readonly transport: 'ipc' | 'http';
}

type Listener = (data: unknown) => void;

/** Talks to the app API: over IPC inside Electron, else over HTTP + SSE with the URL's token. */
export function createApiClient(): ApiClient {
  const listeners = new Map<string, Set<Listener>>();
  const dispatch = (msg: ApiEventMessage) => {
    for (const l of listeners.get(msg.event) ?? []) l(msg.data);
  };
  const on = <E extends EventName>(event: E, listener: (data: ApiEventMessage<E>['data']) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  };

  const desktop = window.agrispray;
  if (desktop) {
    desktop.onEvent((m) => dispatch(m as ApiEventMessage));
    return {
      transport: 'ipc',
      on,
      async call(method, input) {
        const r = await desktop.call(method, input);
        if (!r.ok) throw new ApiCallError(r.error);
        return r.result as never;
      },
    };
  }

  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? sessionStorage.getItem('agrispray.token') ?? '';
  if (token) sessionStorage.setItem('agrispray.token', token);
  const connectEvents = () => {
    const es = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
    es.addEventListener('api', (ev) =>
      dispatch(JSON.parse((ev as MessageEvent<string>).data) as ApiEventMessage),
    );
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setTimeout(connectEvents, 2000);
    };
  };
  connectEvents();
  return {
    transport: 'http',
    on,
    async call(method, input) {
      let res: Response;
      try {
        res = await fetch(`./api/call/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-agrispray-token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch (e) {
        throw new ApiCallError({
          code: 'internal',
          message: `the app server does not answer (${(e as Error).message})`,
        });
      }
      const body = (await res.json().catch(() => ({}))) as { result?: unknown; error?: ApiErrorBody };
      if (!res.ok || body.error) {
        throw new ApiCallError(body.error ?? { code: 'internal', message: `HTTP ${res.status}` });
      }
      return body.result as never;
    },
  };
}
