import { defineSwitchyardConfig } from '../../vitest.shared.ts';

const config = defineSwitchyardConfig({ name: 'example-otel' });
// The shared config also resolves the `module` condition, which picks the ESM builds of
// @opentelemetry/api 1.9 and the SDK 2.x: their extensionless imports do not load in Node.
// Resolve them as Node does (their CommonJS builds).
const conditions = ['@switchyard/source', 'node', 'default'];
if (config.resolve) config.resolve.conditions = conditions;
if (config.ssr?.resolve) config.ssr.resolve.conditions = conditions;

export default config;
