export * from './analyse.js';
export * from './polygons.js';
