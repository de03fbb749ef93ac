export * from './csv.js';
export * from './fonts.js';
export * from './geojson.js';
export * from './i18n.js';
export * from './notes.js';
export * from './pdf.js';
export * from './qr.js';
export * from './report-data.js';
