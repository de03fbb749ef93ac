export * from './job.js';
export * from './no-fly-connector.js';
export { locateOnRoute, type Route, type RouteLocation, routeOf, sliceRoute } from './route.js';
export * from './sorties.js';
