export * from './flow.js';
export * from './input-error.js';
export * from './mix.js';
export * from './product.js';
