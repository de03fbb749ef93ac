import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectVehicle } from '../../mavlink/connect.js';
import { Link, type LinkState } from '../../mavlink/link/types.js';
import { startSim } from '../../mavlink/sim/sim.js';
import { sprayMission } from './helpers.js';

/** The vehicle's end of an accepted TCP connection (as SITL's tcp:5760). */
class SocketLink extends Link {
  constructor(private readonly socket: Socket) {
    super('tcp-server-side');
    socket.on('data', (b) => this.emit('data', b));
    this.setState('open');
  }
  send(bytes: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }
  async close(): Promise<void> {
    this.socket.destroy();
    this.setState('closed');
  }
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('TCP link', () => {
  it('talks to a vehicle over TCP and reconnects after the connection drops', async () => {
    const sims: Awaited<ReturnType<typeof startSim>>[] = [];
    const server = createServer((socket) => {
      void startSim({ link: new SocketLink(socket), speedup: 10 }).then((s) => sims.push(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const session = await connectVehicle(`tcp://127.0.0.1:${port}`, {
      timeoutMs: 3000,
      telemetryHz: 0,
      tcpRetryMs: 100,
    });
    cleanup = async () => {
      await session.close();
      for (const s of sims) await s.close();
      await new Promise((r) => server.close(r));
    };
    const r = await session.vehicle.uploadAndVerify(sprayMission(50));
    expect(r.comparison.same).toBe(true);
    const states: LinkState[] = [];
    session.connection.on('linkState', (s) => states.push(s));
    await sims[0]?.close(); // the vehicle side hangs up
    await new Promise((r) => setTimeout(r, 500));
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('open');
    expect(sims).toHaveLength(2);
    expect((await session.vehicle.mission.download(0)).length).toBe(1); // the new "vehicle" has only home
  });
});
