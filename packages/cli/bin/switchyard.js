#!/usr/bin/env node
// The `switchyard` command (the package's `bin`): it runs the bundle that `pnpm build` writes,
// dist/bundle/switchyard.js. This file is committed so that package managers can link the command
// when they install, before the first build; a run before it says what to do instead of a stack trace.
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/bundle/switchyard.js', import.meta.url);
const bundlePath = fileURLToPath(bundle);
try {
  await import(bundle.href);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(bundlePath)) throw error;
  process.stderr.write(
    `switchyard: the command is not built: ${bundlePath} does not exist. Build it first: pnpm build (in the Switchyard repository)\n`,
  );
  process.exitCode = 4;
}
