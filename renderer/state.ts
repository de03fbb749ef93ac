import type { FieldDto, Settings } from '../electron/api/fields-api.js';
import type { JobOptionsDto } from '../electron/api/mission-api.js';
import type { ZoneDto } from '../electron/api/plan-api.js';
import type { Plan, PlanParams } from '../mission/plan/types.js';
import type { Job } from '../mission/sorties/job.js';

export type Topic = 'fields' | 'selection' | 'settings' | 'zones' | 'plan' | 'job';

/** A prepared job (sorties, missions, mix) for the plan on screen. */
export interface CurrentJob {
  /** Identifies the plan it was made from; a changed plan drops the job. */
  planKey: string;
  source: { planId: string } | { fieldIds: string[]; params: Partial<PlanParams>; home?: [number, number] };
  options: JobOptionsDto;
  job: Job;
}

/** The plan on screen: what it covers and the parameters that made it. */
export interface CurrentPlan {
  fieldIds: string[];
  params: Partial<PlanParams>;
  home?: [number, number];
  plan: Plan;
  /** Set once stored. */
  savedId?: string;
}

type Listener = () => void;

/** What several panels share: the fields, the current selection and the settings. */
export class AppState {
  fields: FieldDto[] = [];
  selectedId: string | null = null;
  settings: Settings = { language: 'auto', saoM2: 360, tileUrl: '', windWarnMps: 3, windRefuseMps: 5 };
  dbPath = '';
  zones: ZoneDto[] = [];
  plan: CurrentPlan | null = null;
  job: CurrentJob | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  on(topic: Topic, l: Listener): () => void {
    const s = this.listeners.get(topic) ?? new Set<Listener>();
    this.listeners.set(topic, s);
    s.add(l);
    return () => {
      s.delete(l);
    };
  }

  emit(topic: Topic): void {
    for (const l of this.listeners.get(topic) ?? []) l();
  }

  setFields(fields: FieldDto[]): void {
    this.fields = fields;
    if (this.selectedId && !fields.some((f) => f.id === this.selectedId)) this.selectedId = null;
    this.emit('fields');
  }

  setPlan(plan: CurrentPlan | null): void {
    this.plan = plan;
    this.emit('plan');
  }

  setJob(job: CurrentJob | null): void {
    this.job = job;
    this.emit('job');
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.emit('selection');
  }

  get selected(): FieldDto | undefined {
    return this.fields.find((f) => f.id === this.selectedId);
  }
}
