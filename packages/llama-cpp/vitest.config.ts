import { mergeConfig } from 'vitest/config';
import { defineSwitchyardConfig } from '../../vitest.shared.ts';
import { BindingLastSequencer } from './src/test-fixtures/binding-last-sequencer.ts';

// This package's tests must run with no process over 150 MB (README, "Test run"); `pnpm bench`
// measures it. What each setting saves was measured, not guessed:
// - One worker for every file (no isolation): node-llama-cpp is imported and its binding loaded
//   (and tested in a child process) once instead of once per file: 7.7 s -> 2.9 s.
// - The worker loads and frees a dozen models. glibc raises its mmap threshold each time
//   llama.cpp frees a large buffer, so the next model's buffers come from heaps it keeps, and each
//   thread gets an arena of its own: a fixed threshold and one arena keep freed memory reusable
//   (-20 MiB). `env` reaches the worker when it is spawned, before its first malloc; other
//   platforms ignore these variables.
// - Each GGUF read allocates two buffers of the read's length plus 4 MiB (node-llama-cpp's reader
//   reads into one, then copies it into a new one): 34 reads in a run. Above the threshold they
//   are fresh mappings, touched page by page, and a page fault is dear in a VM: 24-40 ms per read
//   of a 0.2 MB model (against 4 ms from reused heap memory), ~1 s of the run, the copy the
//   worker's largest JS cost in a profile. The threshold is 8.4 MB, above both buffers for headers
//   up to 4 MiB. 22 alternating pairs of runs against a 64 KiB threshold (2026-12-01, load 1.1-2.8):
//   wall median 4.79 -> 4.06 s, faster in 18 pairs (in the last 6, a calmer hour, only 3); peak
//   RSS 140.3-148.4 MB against 141.9-147.2 MB over the last 9 runs of each (150 MB is the line).
//   At 64 KiB, in stops before, `glibc.malloc.hugetlb=1` had cut the worker's faults from 145,000
//   to 98,000: it asks for transparent huge pages on such mappings (glibc >= 2.35, where THP is
//   `madvise` or `always`).
// - Every GGUF read (ours, then node-llama-cpp's own at load) allocates 4-8 MiB of buffers that
//   V8 only collects after 64 MiB of them. `collect-garbage.ts` (`--expose-gc`) collects them
//   before and after each test that finds a read's worth, and when a file ends: a minor
//   collection first (~20, 1 ms each), a full one when that left them (12-13, 25-60 ms each;
//   23 full ones before, ~0.9 s). That replaced `--optimize-for-size` (collects them sooner, but slows all JS): with
//   the two items below, 14 alternating pairs of `pnpm test`: wall median 7.18 -> 5.66 s (a ratio
//   of 0.83 per pair), peak RSS median 127.2 -> 125.4 MiB (after 8 MiB instead of 4: +3 MiB).
//   A 1 MiB young generation keeps the heap small.
// - Each distinct tiny model is generated once per run (`tiny-model.ts`), and the tests of one
//   sequence without the prompt cache share one load (`loaded-llama-model.test.ts`).
// - The llama.cpp binding starts loading before the first test file is imported
//   (`start-llama.ts`): its binary check, a child process, then runs beside vitest's imports of
//   the test files: wall median 5.13 -> 4.71 s over 10 alternating pairs, RSS unchanged.
//   The files that need no binding run first (`binding-last-sequencer.ts`), beside that check:
//   faster in 9 of 10 alternating pairs, wall median 5.72 -> 5.50 and 5.65 -> 5.38 s (stop 30's
//   machine, quiet), RSS unchanged.
// The `test` script sets what must be in place before vitest's own process starts: a 2 MiB young
// generation, and no eager commit in rolldown's mimalloc, whose arenas otherwise take
// transparent huge pages (70 MiB of RSS for 6 MiB of data when vite transforms the sources).
export default mergeConfig(defineSwitchyardConfig({ name: 'llama-cpp' }), {
  test: {
    isolate: false,
    execArgv: ['--max-semi-space-size=1', '--expose-gc'],
    setupFiles: ['./src/test-fixtures/start-llama.ts', './src/test-fixtures/collect-garbage.ts'],
    sequence: { sequencer: BindingLastSequencer },
    env: {
      MALLOC_ARENA_MAX: '1',
      MALLOC_MMAP_THRESHOLD_: '8400000',
      GLIBC_TUNABLES: [process.env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1'].filter(Boolean).join(':'),
    },
  },
});
