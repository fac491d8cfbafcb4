// Node-only helpers (they use `node:fs`), apart from core's root, which has no I/O.

export { inputFileProblem, notAFileReason, unreadableReason } from './input-file.js';
export { makeOutputFolder, type OutputFolderError } from './make-output-folder.js';
