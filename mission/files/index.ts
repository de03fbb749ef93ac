export * from './mission-export.js';
export * from './qgc-plan.js';
export * from './route-geo.js';
export * from './waypoints.js';
