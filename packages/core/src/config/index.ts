export { configJsonSchema } from './config-json-schema.js';
export type { SwitchyardConfig, SwitchyardConfigInput } from './config-schema.js';
export { ConfigSchema } from './config-schema.js';
export type { DocumentPath, LocatedDocument } from './parse-document.js';
export {
  formatDocumentPath,
  parseDocument,
  parseDocumentPath,
  readDocument,
  validateLocated,
} from './parse-document.js';
export { defineConfig, parseConfig, validateConfig } from './validate-config.js';
