import { afterAll, afterEach, beforeEach } from 'vitest';
import { keptModelBytes } from './tiny-model.js';

// Every test file runs in the one worker (`isolate: false`), with `--expose-gc`; this file runs
// before each of them. A GGUF read (ours, then node-llama-cpp's own at load) allocates 4-8 MiB of
// buffers, garbage once the read is done, which V8 only collects after 64 MiB of them: left alone,
// that garbage would make the worker's peak RSS. It is collected
// - before and after each test when more than a read's worth (`piledUpBytes`) is there: before
//   catches what a file's `beforeAll` loaded (the first test of the chat model's file was the run's
//   peak, 133 MB), after what the test read;
// - when a file ends, when it left any (`leftBehindBytes`), so the next file starts clean.
// The models `tiny-model.ts` keeps for the run are not counted. A file or test that left no buffers
// behind is not collected after: a full collection of the worker's ~33 MB heap takes 30-80 ms and
// would free nothing (measured: RSS the same before and after, for each of the seven such files).
// A minor collection (0.3-2 ms) is tried first: it frees the buffers of a read whose objects are
// still in the young generation (7-10 of ~20 times, measured); a full one runs only when the
// buffers are still there after it (12-13 full collections in a run instead of 23).
const piledUpBytes = 4 * 1_048_576;
const leftBehindBytes = 1_048_576;
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
const collectAbove = (bytes: number) => () => {
  const above = () => process.memoryUsage().arrayBuffers > keptModelBytes() + bytes;
  if (gc === undefined || !above()) return;
  gc({ type: 'minor' });
  if (above()) gc({ type: 'major' });
};
beforeEach(collectAbove(piledUpBytes));
afterEach(collectAbove(piledUpBytes));
afterAll(collectAbove(leftBehindBytes));
