export * from './applications.js';
export * from './as-applied-store.js';
export * from './audit.js';
export * from './flight-log.js';
export * from './jobs.js';
export * from './recorder.js';
