export * from './build.js';
export * from './fence.js';
export * from './types.js';
export * from './validate.js';
