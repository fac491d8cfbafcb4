#!/usr/bin/env node
import { enableCompileCache } from './enable-compile-cache.js';

// Node's on-disk cache of compiled modules, for this process and its child processes: a drill loads
// the provider SDKs and node-llama-cpp, and compiling them again on every run costs more CPU than the
// run's own work on a small scenario. Enabled before anything else loads.
enableCompileCache();
const { runCli } = await import('./program.js');

// A long drill replaces this process with one that has heap flags (see longDrillNodeFlags).
process.exitCode = await runCli({
  argv: process.argv.slice(2),
  relaunch: { script: process.argv[1] as string, replaceProcess: true },
});
