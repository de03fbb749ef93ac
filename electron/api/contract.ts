import type { AnyContract, InputOf, OutputOf } from './define.js';
import { type FieldsEvents, fieldsApi } from './fields-api.js';
import { type MissionEvents, missionApi } from './mission-api.js';
import { type PlanEvents, planApi } from './plan-api.js';
import { type RecordsEvents, recordsApi } from './records-api.js';
import { type VehicleEvents, vehicleApi } from './vehicle-api.js';

/**
 * The one API contract shared by the renderer, the IPC bridge, the HTTP bridge and the CLI.
 * Each area adds its methods in its own file and they are merged here.
 */
export const contract = {
  ...fieldsApi,
  ...planApi,
  ...missionApi,
  ...vehicleApi,
  ...recordsApi,
} satisfies AnyContract;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ApiInput<M extends MethodName> = InputOf<Contract[M]>;
export type ApiOutput<M extends MethodName> = OutputOf<Contract[M]>;

/** Pushed updates (SSE in browser mode, IPC events in the desktop app). */
export interface ApiEvents extends FieldsEvents, PlanEvents, MissionEvents, VehicleEvents, RecordsEvents {}
export type EventName = keyof ApiEvents;
export interface ApiEventMessage<E extends EventName = EventName> {
  event: E;
  data: ApiEvents[E];
}

export const isMethodName = (s: string): s is MethodName => Object.hasOwn(contract, s);
