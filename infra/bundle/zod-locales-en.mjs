// Stands in for zod's locales index in Lambda bundles: English only (see ../esbuild-plugins.mjs).
export { default as en } from 'zod/v4/locales/en.js'
