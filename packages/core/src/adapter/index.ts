export { fileDataToUrl, toBase64 } from './file-data.js';
export { invalidPrompt } from './invalid-prompt.js';
export { toolResultText } from './tool-result-text.js';
