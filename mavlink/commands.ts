import { common } from 'node-mavlink';
import { CommandError, commandName, commandResultName } from './errors.js';
import type { VehicleChannel } from './mission/channel.js';
import { mav } from './protocol/frames.js';

/** Options of {@link commandLong}. */
export interface CommandOptions {
  /** Wait for COMMAND_ACK, ms. Default 1000. */
  timeoutMs?: number;
  /** Resends (with `confirmation` counting up) when no ack arrives. Default 3. */
  retries?: number;
  /** After an IN_PROGRESS ack, wait up to this long for the final result, ms. Default 10000. */
  inProgressTimeoutMs?: number;
  /** Component to address. Default the autopilot. */
  targetComponent?: number;
  signal?: AbortSignal;
}

/** The vehicle's final acknowledgement. */
export interface CommandAckInfo {
  command: number;
  /** MAV_RESULT (always ACCEPTED when the promise resolves). */
  result: number;
  progress: number;
  attempts: number;
}

const HINTS: Record<number, string> = {
  [common.MavResult.TEMPORARILY_REJECTED]: 'the vehicle is busy or not ready; try again',
  [common.MavResult.DENIED]:
    'the vehicle refused it (pre-arm checks, wrong mode or state); see its status texts',
  [common.MavResult.UNSUPPORTED]: 'the autopilot does not support this command',
  [common.MavResult.FAILED]: 'the vehicle tried and failed',
  [common.MavResult.CANCELLED]: 'cancelled on the vehicle',
};

/**
 * Sends COMMAND_LONG and waits for the matching COMMAND_ACK, resending with an incremented
 * `confirmation` when none arrives. Resolves on ACCEPTED; throws {@link CommandError} otherwise.
 */
export async function commandLong(
  ch: VehicleChannel,
  command: number,
  params: readonly number[] = [],
  opts: CommandOptions = {},
): Promise<CommandAckInfo> {
  const timeoutMs = opts.timeoutMs ?? 1000;
  const retries = opts.retries ?? 3;
  const name = commandName(command);
  const inbox = ch.inbox((f) => f.message instanceof common.CommandAck && f.message.command === command);
  const onAbort = () => inbox.fail(new CommandError(`${name} cancelled`, command));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let attempts = 0;
    const send = () => {
      const p = (i: number) => params[i] ?? 0;
      ch.send(
        mav(common.CommandLong, {
          targetSystem: ch.sysid,
          targetComponent: opts.targetComponent ?? ch.compid,
          command,
          confirmation: attempts,
          _param1: p(0),
          _param2: p(1),
          _param3: p(2),
          _param4: p(3),
          _param5: p(4),
          _param6: p(5),
          _param7: p(6),
        }),
      );
      attempts++;
    };
    send();
    let wait = timeoutMs;
    for (;;) {
      const f = await inbox.next(wait);
      if (!f) {
        if (attempts > retries) {
          throw new CommandError(
            `${name}: no acknowledgement from the vehicle after ${attempts} attempts`,
            command,
          );
        }
        send();
        wait = timeoutMs;
        continue;
      }
      const ack = f.message as common.CommandAck;
      if (ack.result === common.MavResult.IN_PROGRESS) {
        wait = opts.inProgressTimeoutMs ?? 10_000;
        continue;
      }
      if (ack.result === common.MavResult.ACCEPTED) {
        return { command, result: ack.result, progress: ack.progress, attempts };
      }
      const hint = HINTS[ack.result];
      throw new CommandError(
        `${name} refused: ${commandResultName(ack.result)}${hint ? ` (${hint})` : ''}`,
        command,
        ack.result,
      );
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    inbox.close();
  }
}
