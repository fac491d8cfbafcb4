/**
 * Helpers for the project's tests of wire formats (`@switchyard/core/testing`):
 * not used at run time.
 */
export { type FieldPath, fieldPaths, withField } from './field-paths.js';
export { rejectedFailure, thrownFailure } from './provider-failure-of.js';
export { type HandCheckTally, tallyHandCheck } from './tally-hand-check.js';
export { thrownConfigError } from './thrown-config-error.js';
export { underMachineLocale } from './under-machine-locale.js';
