import { common } from 'node-mavlink';
import type { MissionItem } from '../../mission/items/types.js';
import { explainMissionResult, MissionTransferError, missionTypeName, VehicleLostError } from '../errors.js';
import { mav } from '../protocol/frames.js';
import { type Inbox, type MavMessageIn, RttEstimator } from '../protocol/inbox.js';
import { DEFAULT_TIMING, type ProtocolTiming, type VehicleChannel } from './channel.js';
import { fromWireItem, toMissionItemInt, validateItemsForUpload } from './convert.js';

/** Progress of a transfer. */
export interface TransferProgress {
  operation: 'upload' | 'download';
  missionType: number;
  /** Items done so far. */
  done: number;
  total: number;
}

/** Options common to mission transfers. */
export interface TransferOptions {
  /** MAV_MISSION_TYPE: 0 mission (default), 1 fence, 2 rally. */
  missionType?: 0 | 1 | 2;
  onProgress?: (p: TransferProgress) => void;
  signal?: AbortSignal;
  timing?: Partial<ProtocolTiming>;
}

/** Statistics of a finished transfer. */
export interface TransferStats {
  items: number;
  /** Items or requests sent again after a timeout. */
  resends: number;
  elapsedMs: number;
}

const PARTIAL_NOTE =
  'ArduPilot writes items as they arrive, so the vehicle may now hold a mix of the old and the new mission: upload again or clear it before flying';

function typeMatches(m: { missionType?: number }, missionType: number): boolean {
  return (m.missionType ?? 0) === missionType;
}

function withTimingDefaults(t?: Partial<ProtocolTiming>): ProtocolTiming {
  return { ...DEFAULT_TIMING, ...t };
}

/**
 * Decides when to give up: when the vehicle has been silent (nothing at all heard from it) for as long
 * as `retries` + 1 protocol timeouts, or when the transfer made no progress for `stallTimeoutMs` although
 * the vehicle is heard. Resends themselves follow the (shorter) adaptive timeout.
 */
class RetryBudget {
  private readonly startedAt = performance.now();
  private progressAt = performance.now();
  private silent = false;
  constructor(
    private readonly timing: ProtocolTiming,
    private readonly ch: VehicleChannel,
  ) {}
  /** Call after a timeout; `specTimeoutMs` is the protocol's timeout for the awaited reply. Returns false when spent. */
  spend(specTimeoutMs: number): boolean {
    const now = performance.now();
    const silentFor = now - Math.max(this.ch.lastHeardAt(), this.startedAt);
    this.silent = silentFor >= (this.timing.retries + 1) * specTimeoutMs;
    return !this.silent && now - this.progressAt < this.timing.stallTimeoutMs;
  }
  /** Call when the transfer moved on. */
  reset(): void {
    this.progressAt = performance.now();
  }
  describe(retries: number): string {
    return this.silent
      ? `${retries} retries`
      : `${(this.timing.stallTimeoutMs / 1000).toFixed(1)} s without progress`;
  }
}

async function guarded<T>(
  op: 'upload' | 'download' | 'clear',
  missionType: number,
  inbox: Inbox,
  signal: AbortSignal | undefined,
  partial: () => boolean,
  body: () => Promise<T>,
): Promise<T> {
  const onAbort = () => inbox.fail(new MissionTransferError('cancelled', op, missionType, 'cancelled'));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) onAbort();
    return await body();
  } catch (e) {
    if (e instanceof MissionTransferError && e.failure !== 'cancelled') throw e;
    const p = op === 'upload' && partial();
    const what = `${missionTypeName(missionType)} ${op}`;
    if (e instanceof VehicleLostError) {
      throw new MissionTransferError(
        `${what} failed: ${e.message}${p ? `; ${PARTIAL_NOTE}` : ''}`,
        op,
        missionType,
        'link-lost',
        undefined,
        p,
      );
    }
    if (e instanceof MissionTransferError) {
      throw new MissionTransferError(
        `${what} cancelled${p ? `; ${PARTIAL_NOTE}` : ''}`,
        op,
        missionType,
        'cancelled',
        undefined,
        p,
      );
    }
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    inbox.close();
  }
}

/**
 * Uploads items with the MAVLink mission protocol: MISSION_COUNT → (MISSION_REQUEST | MISSION_REQUEST_INT)
 * → MISSION_ITEM_INT … → MISSION_ACK. Resends after adaptive timeouts (bounded by the protocol's 250 ms per
 * item and 1.5 s for the count), answers re-requests, tolerates duplicated and reordered packets.
 * An empty list clears the mission type. Throws {@link MissionTransferError}.
 */
export async function uploadMission(
  ch: VehicleChannel,
  items: readonly MissionItem[],
  opts: TransferOptions = {},
): Promise<TransferStats> {
  const missionType = opts.missionType ?? 0;
  const tname = missionTypeName(missionType);
  const problems = validateItemsForUpload(items, missionType);
  if (problems.length > 0) {
    throw new MissionTransferError(
      `${tname} upload refused before sending: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      'upload',
      missionType,
      'rejected',
    );
  }
  if (items.length === 0) {
    await clearMission(ch, opts);
    return { items: 0, resends: 0, elapsedMs: 0 };
  }
  const timing = withTimingDefaults(opts.timing);
  const count = items.length;
  const wire = items.map((it) => toMissionItemInt(it, ch.sysid, ch.compid));
  const inbox = ch.inbox(
    (f) =>
      (f.message instanceof common.MissionRequest ||
        f.message instanceof common.MissionRequestInt ||
        f.message instanceof common.MissionAck) &&
      typeMatches(f.message, missionType),
  );
  const started = performance.now();
  let lastSentSeq = -1;
  let resends = 0;
  return guarded(
    'upload',
    missionType,
    inbox,
    opts.signal,
    () => lastSentSeq >= 0,
    async () => {
      const rtt = ch.rtt ?? new RttEstimator();
      const budget = new RetryBudget(timing, ch);
      let sentAt = 0;
      let resentAfterTimeout = false;
      let highestRequested = -1;
      const backRequests = new Map<number, number>();
      let lastInvalidSequence = false;
      let done = 0;
      const sendCount = () => {
        ch.send(
          mav(common.MissionCount, {
            targetSystem: ch.sysid,
            targetComponent: ch.compid,
            count,
            missionType,
            opaqueId: 0,
          }),
        );
        sentAt = performance.now();
      };
      const sendItem = (seq: number) => {
        ch.send(wire[seq] as common.MissionItemInt);
        lastSentSeq = seq;
        sentAt = performance.now();
      };
      const fail = (result: number, seq?: number): never => {
        const partial = ch.autopilotKind !== 'px4' && lastSentSeq >= 0;
        const ctx: { seq?: number; command?: number; count: number } = { count };
        if (seq !== undefined && seq >= 0) {
          ctx.seq = seq;
          ctx.command = (items[seq] as MissionItem).command;
        }
        throw new MissionTransferError(
          `${tname} upload failed: ${explainMissionResult(result, ctx)}${partial ? `; ${PARTIAL_NOTE}` : ''}`,
          'upload',
          missionType,
          'rejected',
          result,
          partial,
        );
      };
      sendCount();
      for (;;) {
        const waitMs =
          lastSentSeq < 0
            ? rtt.timeout(4 * timing.minItemTimeoutMs, timing.ackTimeoutMs)
            : rtt.timeout(timing.minItemTimeoutMs, timing.itemTimeoutMs);
        const f: MavMessageIn | null = await inbox.next(sentAt + waitMs - performance.now());
        if (!f) {
          if (!budget.spend(lastSentSeq < 0 ? timing.ackTimeoutMs : timing.itemTimeoutMs)) {
            if (lastInvalidSequence) fail(common.MavMissionResult.INVALID_SEQUENCE, lastSentSeq);
            const partial = ch.autopilotKind !== 'px4' && lastSentSeq >= 0;
            const where =
              lastSentSeq < 0
                ? 'to the item count'
                : lastSentSeq === count - 1
                  ? 'to the last item (no MISSION_ACK)'
                  : `after item ${lastSentSeq}`;
            throw new MissionTransferError(
              `${tname} upload failed: no reply from the vehicle ${where} after ${budget.describe(timing.retries)}${partial ? `; ${PARTIAL_NOTE}` : ''}`,
              'upload',
              missionType,
              'timeout',
              undefined,
              partial,
            );
          }
          resends++;
          if (lastSentSeq < 0) sendCount();
          else {
            sendItem(lastSentSeq);
            resentAfterTimeout = true;
          }
          continue;
        }
        const m = f.message;
        if (m instanceof common.MissionAck) {
          if (m.type === common.MavMissionResult.ACCEPTED) {
            if (lastSentSeq === count - 1) {
              opts.onProgress?.({ operation: 'upload', missionType, done: count, total: count });
              return { items: count, resends, elapsedMs: performance.now() - started };
            }
            continue; // stale ack of an earlier transfer (duplicated packet)
          }
          if (m.type === common.MavMissionResult.INVALID_SEQUENCE && ch.autopilotKind !== 'px4') {
            // ArduPilot answers a duplicate of an item it already stored this way and goes on (PX4 aborts).
            lastInvalidSequence = true;
            if (resentAfterTimeout && lastSentSeq >= 0 && lastSentSeq + 1 < count) {
              // Our resend was a duplicate: the vehicle stored the item and its request for the next one
              // was lost. Send the next one now instead of waiting ~1 s for the re-request. If a stale ack
              // misled us, the vehicle answers INVALID_SEQUENCE and its next request puts us back in step.
              resentAfterTimeout = false;
              sendItem(lastSentSeq + 1);
            }
            continue;
          }
          if (m.type === common.MavMissionResult.OPERATION_CANCELLED && lastSentSeq < 0) continue; // stale cancel of an earlier transfer
          fail(m.type, lastSentSeq);
        }
        // MISSION_REQUEST or MISSION_REQUEST_INT
        const req = m as common.MissionRequest | common.MissionRequestInt;
        if (req.seq >= count) continue;
        // The vehicle asks in order, so a request below the highest one seen is usually a late duplicate:
        // following it would step the upload back. Asked twice, it is meant (the vehicle restarted).
        if (req.seq < highestRequested) {
          const n = (backRequests.get(req.seq) ?? 0) + 1;
          backRequests.set(req.seq, n);
          if (n < 2) continue;
          backRequests.clear();
        }
        highestRequested = req.seq;
        if (req.seq === lastSentSeq + 1 && !resentAfterTimeout && lastSentSeq >= 0)
          rtt.sample(performance.now() - sentAt);
        budget.reset();
        lastInvalidSequence = false;
        resentAfterTimeout = false;
        sendItem(req.seq);
        if (req.seq > done) {
          done = req.seq;
          opts.onProgress?.({ operation: 'upload', missionType, done, total: count });
        }
      }
    },
  );
}

/**
 * Downloads a mission type: MISSION_REQUEST_LIST → MISSION_COUNT → MISSION_REQUEST_INT / MISSION_ITEM_INT
 * for each item → MISSION_ACK. Returns items as the vehicle holds them (ArduPilot: item 0 is home).
 */
export async function downloadMission(
  ch: VehicleChannel,
  opts: TransferOptions = {},
): Promise<MissionItem[]> {
  const missionType = opts.missionType ?? 0;
  const tname = missionTypeName(missionType);
  const timing = withTimingDefaults(opts.timing);
  const inbox = ch.inbox(
    (f) =>
      (f.message instanceof common.MissionCount ||
        f.message instanceof common.MissionItemInt ||
        f.message instanceof common.MissionItem ||
        f.message instanceof common.MissionAck) &&
      typeMatches(f.message, missionType),
  );
  return guarded(
    'download',
    missionType,
    inbox,
    opts.signal,
    () => false,
    async () => {
      const budget = new RetryBudget(timing, ch);
      const rtt = ch.rtt ?? new RttEstimator();
      const timeoutError = (what: string) =>
        new MissionTransferError(
          `${tname} download failed: no ${what} from the vehicle after ${budget.describe(timing.retries)}`,
          'download',
          missionType,
          'timeout',
        );
      let sentAt = 0;
      const requestList = () => {
        ch.send(
          mav(common.MissionRequestList, { targetSystem: ch.sysid, targetComponent: ch.compid, missionType }),
        );
        sentAt = performance.now();
      };
      requestList();
      let count = -1;
      while (count < 0) {
        const f = await inbox.next(
          sentAt + rtt.timeout(4 * timing.minItemTimeoutMs, timing.ackTimeoutMs) - performance.now(),
        );
        if (!f) {
          if (!budget.spend(timing.ackTimeoutMs)) throw timeoutError('MISSION_COUNT');
          requestList();
          continue;
        }
        if (f.message instanceof common.MissionCount) count = f.message.count;
        else if (
          f.message instanceof common.MissionAck &&
          f.message.type !== common.MavMissionResult.ACCEPTED
        ) {
          throw new MissionTransferError(
            `${tname} download failed: ${explainMissionResult(f.message.type, {})}`,
            'download',
            missionType,
            'rejected',
            f.message.type,
          );
        }
      }
      // Items are requested in order with up to `window` requests outstanding (ArduPilot answers any
      // request on its own; PX4 insists on strict order, so it gets a window of 1).
      const window = ch.autopilotKind === 'px4' ? 1 : Math.max(1, timing.downloadWindow);
      const items: (MissionItem | undefined)[] = new Array(count);
      const sentAtBySeq = new Map<number, { at: number; retried: boolean }>();
      let nextToRequest = 0;
      let received = 0;
      let firstMissing = 0;
      const request = (seq: number, retried: boolean) => {
        ch.send(
          mav(common.MissionRequestInt, {
            targetSystem: ch.sysid,
            targetComponent: ch.compid,
            seq,
            missionType,
          }),
        );
        sentAt = performance.now();
        sentAtBySeq.set(seq, { at: sentAt, retried });
      };
      const fill = () => {
        while (nextToRequest < count && nextToRequest < firstMissing + window)
          request(nextToRequest++, false);
      };
      fill();
      while (received < count) {
        const oldest = sentAtBySeq.get(firstMissing);
        const waitUntil = (oldest?.at ?? sentAt) + rtt.timeout(timing.minItemTimeoutMs, timing.itemTimeoutMs);
        const f = await inbox.next(waitUntil - performance.now());
        if (!f) {
          if (!budget.spend(timing.itemTimeoutMs)) throw timeoutError(`item ${firstMissing} of ${count}`);
          for (let s = firstMissing; s < nextToRequest; s++) if (!items[s]) request(s, true);
          continue;
        }
        const m = f.message;
        if (m instanceof common.MissionItemInt || m instanceof common.MissionItem) {
          if (m.seq >= count || items[m.seq]) continue; // duplicate or stray
          const sent = sentAtBySeq.get(m.seq);
          if (sent && !sent.retried) rtt.sample(performance.now() - sent.at);
          items[m.seq] = fromWireItem(m);
          received++;
          budget.reset();
          while (firstMissing < count && items[firstMissing]) firstMissing++;
          opts.onProgress?.({ operation: 'download', missionType, done: received, total: count });
          fill();
          continue;
        }
        if (m instanceof common.MissionAck && m.type !== common.MavMissionResult.ACCEPTED) {
          throw new MissionTransferError(
            `${tname} download failed at item ${firstMissing}: ${explainMissionResult(m.type, { seq: firstMissing })}`,
            'download',
            missionType,
            'rejected',
            m.type,
          );
        }
      }
      ch.send(
        mav(common.MissionAck, {
          targetSystem: ch.sysid,
          targetComponent: ch.compid,
          type: common.MavMissionResult.ACCEPTED,
          missionType,
          opaqueId: 0,
        }),
      );
      return items as MissionItem[];
    },
  );
}

/** Clears a mission type on the vehicle (MISSION_CLEAR_ALL → MISSION_ACK). */
export async function clearMission(ch: VehicleChannel, opts: TransferOptions = {}): Promise<void> {
  const missionType = opts.missionType ?? 0;
  const timing = withTimingDefaults(opts.timing);
  const inbox = ch.inbox(
    (f) => f.message instanceof common.MissionAck && typeMatches(f.message, missionType),
  );
  await guarded(
    'clear',
    missionType,
    inbox,
    opts.signal,
    () => false,
    async () => {
      const budget = new RetryBudget(timing, ch);
      const rtt = ch.rtt ?? new RttEstimator();
      let sentAt = 0;
      const send = () => {
        ch.send(
          mav(common.MissionClearAll, { targetSystem: ch.sysid, targetComponent: ch.compid, missionType }),
        );
        sentAt = performance.now();
      };
      send();
      for (;;) {
        const f = await inbox.next(
          sentAt + rtt.timeout(4 * timing.minItemTimeoutMs, timing.ackTimeoutMs) - performance.now(),
        );
        if (!f) {
          if (!budget.spend(timing.ackTimeoutMs)) {
            throw new MissionTransferError(
              `${missionTypeName(missionType)} clear failed: no MISSION_ACK from the vehicle`,
              'clear',
              missionType,
              'timeout',
            );
          }
          send();
          continue;
        }
        const ack = f.message as common.MissionAck;
        if (ack.type === common.MavMissionResult.ACCEPTED) return;
        throw new MissionTransferError(
          `${missionTypeName(missionType)} clear failed: ${explainMissionResult(ack.type, {})}`,
          'clear',
          missionType,
          'rejected',
          ack.type,
        );
      }
    },
  );
}
