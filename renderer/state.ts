import type { FieldDto, Settings } from '../electron/api/fields-api.js';

type Listener = () => void;

/** What several panels share: the fields, the current selection and the settings. */
export class AppState {
  fields: FieldDto[] = [];
  selectedId: string | null = null;
  settings: Settings = { language: 'auto', saoM2: 360, tileUrl: '', windWarnMps: 3, windRefuseMps: 5 };
  dbPath = '';
  private readonly listeners = new Map<string, Set<Listener>>();

  on(topic: 'fields' | 'selection' | 'settings', l: Listener): () => void {
    const s = this.listeners.get(topic) ?? new Set<Listener>();
    this.listeners.set(topic, s);
    s.add(l);
    return () => {
      s.delete(l);
    };
  }

  emit(topic: 'fields' | 'selection' | 'settings'): void {
    for (const l of this.listeners.get(topic) ?? []) l();
  }

  setFields(fields: FieldDto[]): void {
    this.fields = fields;
    if (this.selectedId && !fields.some((f) => f.id === this.selectedId)) this.selectedId = null;
    this.emit('fields');
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.emit('selection');
  }

  get selected(): FieldDto | undefined {
    return this.fields.find((f) => f.id === this.selectedId);
  }
}
