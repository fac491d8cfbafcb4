#!/usr/bin/env node
import module from 'node:module';

// Node's on-disk cache of compiled modules (Node >= 22.1; `NODE_DISABLE_COMPILE_CACHE=1` turns it
// off): a drill loads the provider SDKs and node-llama-cpp, and compiling them again on every run
// costs more CPU than the run's own work on a small scenario. Enabled before anything else loads.
module.enableCompileCache?.();
const { runCli } = await import('./program.js');

process.exitCode = await runCli({ argv: process.argv.slice(2) });
