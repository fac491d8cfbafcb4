import { loadLlama } from '../load-llama.js';

// The worker runs every test file (`isolate: false`), and the files that load models need the
// llama.cpp binding, whose load checks the binary in a child process first (node-llama-cpp does so
// for every prebuilt binary on Linux). Started here, before the first test file is imported, that
// check runs on another core while vitest imports and transforms the test files; the files then
// get the same instance (`loadLlama` keeps one per thread count). A failed load is not kept: the
// file that needs the binding then loads it again and reports the failure itself.
loadLlama().catch(() => {});
