export {
  createTinyGguf,
  demoTinyGgufOptions,
  type TinyGgufOptions,
  tinyGgufTokens,
  tinyGgufWords,
} from './create-tiny-gguf.js';
export { seededRandom } from './seeded-random.js';
export { writeTinyGguf } from './write-tiny-gguf.js';
