/**
 * `npm run bench:link`: mission upload and read-back over UDP loopback against the simulated ArduPilot
 * Copter (default ArduPilot timings: re-ask after 1 s, default client timeouts), for 100 and 600 items at
 * 0 %, 10 % and 30 % packet loss in both directions. Target: 600 items in under 2 s at 0 % loss; at
 * 30 % loss the upload completes and reads back identical.
 */
import { connectVehicle } from '../../mavlink/connect.js';
import { openLink } from '../../mavlink/link/open.js';
import type { UdpLink } from '../../mavlink/link/udp.js';
import { compareMissions } from '../../mavlink/mission/compare.js';
import { startSim } from '../../mavlink/sim/sim.js';
import { sprayMission } from '../mavlink/helpers.js';

interface Row {
  items: number;
  loss: number;
  uploadS: number;
  readBackS: number;
  resends: number;
  identical: boolean;
}

async function once(items: number, loss: number, seed: number): Promise<Row> {
  const simLink = (await openLink('udpin://127.0.0.1:0')) as UdpLink;
  const sim = await startSim({ link: simLink, loss, seed });
  const session = await connectVehicle(`udpout://127.0.0.1:${simLink.localPort}`, {
    timeoutMs: 5000,
    telemetryHz: 0,
  });
  try {
    const mission = sprayMission(items);
    const t0 = performance.now();
    const stats = await session.vehicle.mission.upload(mission);
    const t1 = performance.now();
    const readBack = await session.vehicle.mission.download(0);
    const t2 = performance.now();
    const cmp = compareMissions(mission, readBack, { ignoreHome: true });
    return {
      items,
      loss,
      uploadS: (t1 - t0) / 1000,
      readBackS: (t2 - t1) / 1000,
      resends: stats.resends,
      identical: cmp.same,
    };
  } finally {
    await session.close();
    await sim.close();
  }
}

const rows: Row[] = [];
for (const items of [100, 600]) {
  for (const loss of [0, 0.1, 0.3]) {
    const runs = loss === 0 ? 3 : 1;
    const results: Row[] = [];
    for (let i = 0; i < runs; i++) results.push(await once(items, loss, 11 + i));
    results.sort((a, b) => a.uploadS - b.uploadS);
    const median = results[Math.floor(results.length / 2)] as Row;
    rows.push({ ...median, identical: results.every((r) => r.identical) });
    process.stderr.write('.');
  }
}
process.stderr.write('\n');

const header = ['items', 'loss', 'upload s', 'read-back s', 'total s', 'resends', 'read-back identical'];
const body = rows.map((r) => [
  String(r.items),
  `${Math.round(r.loss * 100)} %`,
  r.uploadS.toFixed(2),
  r.readBackS.toFixed(2),
  (r.uploadS + r.readBackS).toFixed(2),
  String(r.resends),
  r.identical ? 'yes' : 'NO',
]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
console.log('mission upload + read-back, UDP loopback, simulated ArduPilot Copter (0 % rows: median of 3)');
console.log(line(header));
for (const b of body) console.log(line(b));
const six = rows.find((r) => r.items === 600 && r.loss === 0);
const lossy = rows.find((r) => r.items === 600 && r.loss === 0.3);
console.log(
  `target 600 items < 2 s at 0 % loss: ${six && six.uploadS < 2 ? 'met' : 'MISSED'} (${six?.uploadS.toFixed(2)} s); ` +
    `600 items at 30 % loss read back identical: ${lossy?.identical ? 'met' : 'MISSED'}`,
);
