import { runOpenAIExample } from './run-openai-example.js';

const { lines } = await runOpenAIExample();
for (const line of lines) console.log(line);
