export * from './application.js';
export * from './canonical-json.js';
export * from './job.js';
