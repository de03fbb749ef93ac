import { EventEmitter } from 'node:events';
import type { Db } from '../../fields/db.js';
import { FieldsRepository, SettingsRepository } from '../../fields/fields-repo.js';
import { PlansRepository, ZonesRepository } from '../../fields/plans-repo.js';
import type { ApiEvents, EventName } from '../api/contract.js';

/** What every handler of the app service shares: the database, repositories and the event stream. */
export class ServiceContext {
  readonly fields: FieldsRepository;
  readonly settings: SettingsRepository;
  readonly zones: ZonesRepository;
  readonly plans: PlansRepository;
  private readonly events = new EventEmitter();

  constructor(
    readonly db: Db,
    readonly mode: 'desktop' | 'browser' | 'cli',
    readonly version: string,
  ) {
    this.fields = new FieldsRepository(db);
    this.settings = new SettingsRepository(db);
    this.zones = new ZonesRepository(db);
    this.plans = new PlansRepository(db);
    this.events.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, data: ApiEvents[E]): void {
    this.events.emit('event', event, data);
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  onEvent(listener: <E extends EventName>(event: E, data: ApiEvents[E]) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }
}
