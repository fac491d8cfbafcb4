import { afterAll } from 'vitest';

// Every test file runs in the one worker (`isolate: false`): what a file's models and GGUF reads
// left behind is collected before the next file starts, so garbage does not pile up across files
// and the worker's peak RSS stays a file's own (the worker runs with `--expose-gc`).
const collect = () => (globalThis as { gc?: () => void }).gc?.();
afterAll(collect);
