import type { FieldDto, Settings } from '../electron/api/fields-api.js';
import type { ZoneDto } from '../electron/api/plan-api.js';
import type { Plan, PlanParams } from '../mission/plan/types.js';

export type Topic = 'fields' | 'selection' | 'settings' | 'zones' | 'plan';

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

  select(id: string | null): void {
    this.selectedId = id;
    this.emit('selection');
  }

  get selected(): FieldDto | undefined {
    return this.fields.find((f) => f.id === this.selectedId);
  }
}
