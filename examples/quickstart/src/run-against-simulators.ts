import { startSimulator } from '@switchyard/simulators';

/**
 * Runs the README's example (`quickstart.ts`) against the provider
 * simulators: starts one loopback simulator per provider, points the
 * providers' environment variables at them, and imports the example.
 * No key or network is needed.
 *
 * @returns stops the simulators.
 */
export async function runAgainstSimulators(): Promise<() => Promise<void>> {
  const [openai, anthropic, ollama] = await Promise.all([
    startSimulator({ kind: 'openai', models: ['gpt-5.4'] }),
    startSimulator({ kind: 'anthropic', models: ['claude-sonnet-5'] }),
    startSimulator({ kind: 'ollama', models: ['mistral-large', 'llama4'] }),
  ]);
  process.env.OPENAI_BASE_URL = openai.baseURL;
  process.env.OPENAI_API_KEY = 'sk-simulator';
  process.env.ANTHROPIC_BASE_URL = anthropic.baseURL;
  process.env.ANTHROPIC_API_KEY = 'sk-ant-simulator';
  process.env.OLLAMA_HOST = ollama.baseURL;
  process.env.SWITCHYARD_CONFIG ??= new URL('../../config/switchyard.yaml', import.meta.url).pathname;
  const stop = () => Promise.all([openai.stop(), anthropic.stop(), ollama.stop()]).then(() => undefined);
  try {
    await import('./quickstart.js');
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stop = await runAgainstSimulators();
  await stop();
}
