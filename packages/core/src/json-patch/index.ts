/** @module JSON-Patch with Magnum's rules, and the Python literals python-magnumclient sends. */
export * from './apply'
export * from './python-literal'
