// Node-only helpers (they use `node:fs`), apart from core's root, which has no I/O.
export { makeOutputFolder, type OutputFolderError } from './make-output-folder.js';
