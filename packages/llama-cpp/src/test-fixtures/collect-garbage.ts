import { afterAll } from 'vitest';

// Every test file runs in the one worker (`isolate: false`): what a file's models and GGUF reads
// left behind is collected before the next file starts, so garbage does not pile up across files
// and the worker's peak RSS stays a file's own (the worker runs with `--expose-gc`). That garbage
// is ArrayBuffers (a GGUF read allocates ~8 MiB of them); a file that left none behind is not
// collected after: a full collection of the worker's ~33 MB heap takes ~30 ms and would free
// nothing (measured: RSS the same before and after, for each of the seven such files).
const leftBehindBytes = 1_048_576;
const collect = () => {
  if (process.memoryUsage().arrayBuffers > leftBehindBytes) (globalThis as { gc?: () => void }).gc?.();
};
afterAll(collect);
