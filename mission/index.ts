export * from './field/parse-field-file.js';
export * from './field/polygon-checks.js';
export * from './field/types.js';
export * from './geo/local-frame.js';
export * from './geo/types.js';
export * from './items/types.js';
export * from './plan/types.js';
export * from './units/area.js';
