// Writes the tiny seeded GGUF model that the demo and the shipped drills run in-process as their
// local open weights (@switchyard/llama-cpp), to .switchyard/models/switchyard-tiny.gguf (git-ignored).
// Nothing is downloaded: the weights are generated, the same bytes every time (seed 1).
// Needs the built package: `pnpm build` (bash scripts/dev.sh demo does both).
//   node scripts/tiny-model.mjs [path]
import { fileURLToPath } from 'node:url';
import { demoTinyGgufOptions, writeTinyGguf } from '../packages/llama-cpp/dist/testing/index.js';

const path =
  process.argv[2] ?? fileURLToPath(new URL('../.switchyard/models/switchyard-tiny.gguf', import.meta.url));
// Its answers end after a few tokens, like a terse chat model, so a 2-core CPU keeps up with the drill.
const { bytes } = await writeTinyGguf({ path, ...demoTinyGgufOptions });
console.error(
  `tiny model: ${path} (${(bytes / 1024).toFixed(0)} KB, seeded random weights; it knows nothing)`,
);
