#!/usr/bin/env node
import { enableCompileCache } from './enable-compile-cache.js';

// Node's on-disk cache of compiled modules, for this process and its child processes: a drill loads
// the provider SDKs and node-llama-cpp, and compiling them again on every run costs more CPU than the
// run's own work on a small scenario. Enabled before anything else loads.
enableCompileCache();
const { guardStandardStreams } = await import('./standard-streams.js');
// A reader that went away (`| head`) or a full disk ends no command with a stack trace.
const streams = guardStandardStreams();
const { runCli } = await import('./program.js');

// A long drill replaces this process with one that has heap flags (see longDrillNodeFlags).
const code = await runCli({
  argv: process.argv.slice(2),
  relaunch: { script: process.argv[1] as string, replaceProcess: true },
});
// A command that failed says why by its own code; one that did its work but could not print it, 4.
process.exitCode = code === 0 ? (streams.failure ?? code) : code;
