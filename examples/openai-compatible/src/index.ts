import { runOpenAICompatibleExample } from './run-openai-compatible-example.js';

const { lines } = await runOpenAICompatibleExample();
for (const line of lines) console.log(line);
