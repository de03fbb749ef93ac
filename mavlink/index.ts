/**
 * `mavlink/`: everything between the app and a vehicle: links (UDP, TCP, serial), the MAVLink mission
 * protocol, commands, parameters, telemetry, and a simulated ArduPilot Copter sprayer.
 */
export { type CommandAckInfo, type CommandOptions, commandLong } from './commands.js';
export { type ConnectOptions, connectVehicle, type VehicleSession } from './connect.js';
export {
  type AutopilotKind,
  MavConnection,
  type MavConnectionEvents,
  type MavConnectionOptions,
  type VehicleInfo,
} from './connection.js';
export {
  CommandError,
  commandName,
  commandResultName,
  explainMissionResult,
  type MissionFailure,
  MissionTransferError,
  missionResultName,
  missionTypeName,
  VehicleLostError,
} from './errors.js';
export { FaultyLink, type LinkFaults } from './link/faults.js';
export { type OpenLinkOptions, openLink } from './link/open.js';
export { createLinkPair, PipeLink } from './link/pipe.js';
export { listSerialPorts, type SerialPortInfo, type SerialPortList } from './link/serial.js';
export { Link, type LinkState } from './link/types.js';
export { UdpLink } from './link/udp.js';
export { formatLinkUrl, type LinkSpec, LinkUrlError, parseLinkUrl, STANDARD_BAUD_RATES } from './link/url.js';
export { DEFAULT_TIMING, type ProtocolTiming, type VehicleChannel } from './mission/channel.js';
export {
  clearMission,
  downloadMission,
  type TransferOptions,
  type TransferProgress,
  type TransferStats,
  uploadMission,
} from './mission/client.js';
export {
  type CompareOptions,
  compareMissions,
  type MissionComparison,
  type MissionDifference,
} from './mission/compare.js';
export { COPTER_MODES, modeCommandParams, modeName, PX4_MODES } from './modes.js';
export { getParam, type ParamOptions, type ParamValueInfo, setParam } from './params.js';
export { FrameDecoder, FrameEncoder, type MavFrameIn } from './protocol/frames.js';
export { type Sim, type SimOptions, startLoopbackSim, startSim } from './sim/sim.js';
export {
  type SprayOutputConfig,
  type StatusTextInfo,
  TelemetryTracker,
  type VehicleStatus,
} from './telemetry.js';
export {
  type PreflightCheck,
  type PreflightLimits,
  Vehicle,
  type VehicleEvents,
  type VehicleOptions,
  type VerifiedUpload,
} from './vehicle.js';
