import { runAnthropicExample } from './run-anthropic-example.js';

const { lines } = await runAnthropicExample();
for (const line of lines) console.log(line);
