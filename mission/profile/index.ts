export * from './drone-profile.js';
