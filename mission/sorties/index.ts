export * from './job.js';
export { locateOnRoute, type Route, type RouteLocation, routeOf, sliceRoute } from './route.js';
export * from './sorties.js';
