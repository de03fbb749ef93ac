export * from './analyse.js';
export { simplifyPolyline, widenPolyline } from './polygons.js';
