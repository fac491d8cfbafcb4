import {
  hermes2ProMistral7b,
  mistral7bInstructV03,
  mixtralStyle,
  phi3Mini4k,
} from './real-large-model-shapes.js';
import type { RealModelShape } from './real-shaped-gguf.js';
import {
  gemma2It2b,
  gemma3It1b,
  llama32Instruct1b,
  llama32Instruct1bQ4KM,
  qwen3b06,
  qwen25Instruct05b,
  tinyLlamaChat11b,
} from './real-small-model-shapes.js';

/** Every shape, for the differential bench (`bench/real-shaped-gguf.ts`). */
export const realModelShapes: readonly RealModelShape[] = [
  llama32Instruct1b,
  llama32Instruct1bQ4KM,
  qwen25Instruct05b,
  qwen3b06,
  gemma2It2b,
  gemma3It1b,
  mistral7bInstructV03,
  phi3Mini4k,
  mixtralStyle,
  hermes2ProMistral7b,
  tinyLlamaChat11b,
];
