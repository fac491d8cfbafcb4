import { readFile } from 'node:fs/promises';
import { createAnthropic } from '@switchyard/anthropic';
import { parseConfig } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, jsonlSink } from '@switchyard/router';
import { generateText, streamText } from 'ai';

const file = process.env.SWITCHYARD_CONFIG ?? 'switchyard.yaml';
const config = parseConfig({ text: await readFile(file, 'utf8'), file });

// Keys and endpoints come from the environment: OPENAI_API_KEY and OPENAI_BASE_URL,
// ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, OLLAMA_HOST. A provider without a key
// fails its requests with `auth` (recorded), never at start-up.
const openai = createOpenAI();
const anthropic = createAnthropic();
const ollama = createOllama();

const router = createRouter({
  config,
  models: {
    'openai-gpt': openai.languageModel('gpt-5.4'),
    'anthropic-claude': anthropic.languageModel('claude-sonnet-5'),
    'eu-mistral': ollama.languageModel('mistral-large'),
    'local-llama': ollama.languageModel('llama4'),
  },
  sinks: [jsonlSink({ path: '.switchyard/records.jsonl' })],
});
router.on('error', ({ message }) => console.error(`switchyard: ${message}`));

const { text, providerMetadata } = await generateText({
  model: router.languageModel('chat'),
  prompt: 'Summarise this contract.',
  providerOptions: { switchyard: { jurisdiction: 'DE', dataClass: 'regulated' } },
});
console.log(`DE, regulated: served by ${providerMetadata?.switchyard?.servedBy}: ${text}`);

const stream = streamText({
  model: router.languageModel('chat'),
  prompt: 'Hello!',
  providerOptions: { switchyard: { jurisdiction: 'US' } },
});
for await (const delta of stream.textStream) process.stdout.write(delta);
console.log(`\nUS: served by ${(await stream.providerMetadata)?.switchyard?.servedBy}`);

// Writes the decision records still buffered to .switchyard/records.jsonl
// (it rejects, saying how many, if some could not be written).
await router.close();
