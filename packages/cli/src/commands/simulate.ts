import { closestName, signalOfStatus } from '@switchyard/core';
import {
  type FaultRule,
  faultTypes,
  parseFaultSpec,
  type SimulatorHandle,
  type SimulatorKind,
  startSimulator,
} from '@switchyard/simulators';
import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { parseNumberOption } from '../option-values.js';
import { repeatable } from '../refuse-repeated-options.js';

/** Models a simulator serves when no `--model` is given. */
const defaultModels: Record<SimulatorKind, string[]> = {
  openai: ['gpt-4o', 'gpt-4o-mini'],
  anthropic: ['claude-sonnet-5', 'claude-haiku-5-5'],
  ollama: ['llama3.2', 'qwen3:8b'],
};

/** Parsed options of `switchyard simulate`. */
export interface SimulateCommandOptions {
  port: number;
  model: string[];
  fault: FaultRule[];
  firstTokenMs?: number;
  tokensPerSecond?: number;
  timeScale: number;
  callerHeader?: string;
  apiKey: string[];
  sdkRetries: boolean;
}

function collectFault(value: string, previous: FaultRule[]): FaultRule[] {
  try {
    return [...previous, parseFaultSpec(value)];
  } catch (error) {
    const type = value.split(/[=:]/, 1)[0] ?? '';
    // A signal written as its HTTP status or reason phrase (`451`) names the fault the product classifies it as.
    const suggestion = faultTypes.includes(type as never)
      ? undefined
      : (signalOfStatus(type, faultTypes) ?? closestName(type, faultTypes));
    throw new InvalidArgumentError(
      `${(error as Error).message}${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    );
  }
}

/** Provider wire formats `switchyard simulate` speaks. */
const kinds: readonly SimulatorKind[] = ['openai', 'anthropic', 'ollama'];

/** Reads `<kind>`, suggesting the closest kind for a misspelt one (`opnai` -> `openai`). */
function parseKind(value: string): SimulatorKind {
  if (kinds.includes(value as SimulatorKind)) return value as SimulatorKind;
  const suggestion = closestName(value, kinds);
  throw new InvalidArgumentError(
    `expected one of ${kinds.join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
  );
}

/**
 * A repeatable option whose values are names sent verbatim by clients (a model id, an API key):
 * an empty value, or one with spaces around it, is one no client sends, so it is refused.
 */
function collectName(flag: string, what: string) {
  return (value: string, previous: string[]): string[] => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed !== value) {
      throw new InvalidArgumentError(
        `${flag} must be ${what}, not empty and without spaces around it; got ${JSON.stringify(value)}${trimmed === '' ? '.' : `; did you mean "${trimmed}"?`}`,
      );
    }
    return [...previous, value];
  };
}

/** An HTTP header name: one or more token characters (RFC 9110), no spaces. */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Reads `--caller-header`: a name no client can send (`x country`, empty) would never match a caller. */
function parseHeaderName(value: string): string {
  if (headerName.test(value)) return value;
  const suggestion = value
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^!#$%&'*+.^_`|~0-9A-Za-z-]/g, '');
  throw new InvalidArgumentError(
    `--caller-header must be an HTTP header name (letters, digits and !#$%&'*+-.^_\`|~, no spaces); got ${JSON.stringify(value)}${suggestion === '' ? '.' : `; did you mean "${suggestion}"?`}`,
  );
}

function usageHint(simulator: SimulatorHandle, model: string): string {
  switch (simulator.kind) {
    case 'openai':
      return `new OpenAI({ apiKey: 'sk-any', baseURL: '${simulator.baseURL}' })  // model '${model}'`;
    case 'anthropic':
      return `new Anthropic({ apiKey: 'sk-ant-any', baseURL: '${simulator.baseURL}' })  // model '${model}'`;
    case 'ollama':
      return `new Ollama({ host: '${simulator.baseURL}' })  // model '${model}'`;
  }
}

/**
 * Starts a simulator for `switchyard simulate`, prints where it listens, and
 * stops it cleanly when `signal` aborts (Ctrl-C in the CLI).
 *
 * @param options.kind - `openai`, `anthropic` or `ollama`.
 * @param options.signal - Stops the simulator when aborted.
 * @param options.write - Where to print (default `process.stdout`).
 * @returns The simulator, once stopped.
 */
export async function runSimulate({
  kind,
  options,
  signal,
  write = (text) => process.stdout.write(text),
}: {
  kind: SimulatorKind;
  options: SimulateCommandOptions;
  signal: AbortSignal;
  write?: (text: string) => void;
}): Promise<SimulatorHandle> {
  const models = options.model.length > 0 ? options.model : defaultModels[kind];
  const latency = {
    ...(options.firstTokenMs === undefined ? {} : { firstTokenMs: options.firstTokenMs }),
    ...(options.tokensPerSecond === undefined ? {} : { tokensPerSecond: options.tokensPerSecond }),
  };
  const simulator = await startSimulator({
    kind,
    models,
    port: options.port,
    faults: options.fault,
    latency,
    timeScale: options.timeScale,
    ...(options.callerHeader === undefined ? {} : { callerHeader: options.callerHeader }),
    ...(options.apiKey.length > 0 ? { apiKeys: options.apiKey } : {}),
    noRetryHeader: !options.sdkRetries,
  });
  write(`${kind} simulator listening on ${simulator.url}\n`);
  write(`base URL: ${simulator.baseURL}\n`);
  write(`models:   ${models.join(', ')}\n`);
  for (const rule of simulator.faults) {
    const scope = [rule.model && `model ${rule.model}`, rule.callers && `callers ${rule.callers.join(',')}`]
      .filter(Boolean)
      .join(', ');
    write(`fault:    ${JSON.stringify(rule.fault)}${scope ? ` (${scope})` : ''}\n`);
  }
  write(`try:      ${usageHint(simulator, models[0] ?? 'model')}\n`);
  write('Press Ctrl-C to stop.\n');
  if (!signal.aborted) {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  await simulator.stop();
  write(`stopped after ${simulator.requests.length} request(s)\n`);
  return simulator;
}

/**
 * Registers `switchyard simulate <openai|anthropic|ollama>`: a loopback server speaking
 * that provider's wire format, with faults, so apps can be pointed at it without keys.
 *
 * @param program - The root commander program.
 * @returns The `simulate` command.
 * @example
 * ```sh
 * switchyard simulate openai --port 4010 --model gpt-4o --fault region_block:gpt-4o:CN,RU --fault server_error=503
 * ```
 */
export function registerSimulateCommand(program: Command): Command {
  return program
    .command('simulate')
    .description(
      'Run a loopback OpenAI, Anthropic or Ollama API simulator with scriptable faults (until Ctrl-C).',
    )
    .addArgument(new Argument('<kind>', `provider wire format: ${kinds.join(', ')}`).argParser(parseKind))
    .option(
      '-p, --port <port>',
      'port on 127.0.0.1 (0 = random)',
      parseNumberOption('--port', { integer: true, max: 65_535 }),
      4010,
    )
    .addOption(
      repeatable(
        new Option('-m, --model <id>', 'model to serve (repeatable; default: a few typical ids)')
          .argParser(collectName('--model', 'a model id'))
          .default([]),
      ),
    )
    .addOption(
      repeatable(
        new Option(
          '-f, --fault <spec>',
          'fault as type[=value][:model-glob[:CALLERS,...]], repeatable; e.g. region_block:gpt-*:CN,RU, legal_block:gpt-*:CN (451), legal_block=<https://blocker.example/>:gpt-*:CN (451 with Link rel="blocked-by"), server_error=503, rate_limited=2, stream_cut=3',
        )
          .argParser(collectFault)
          .default([]),
      ),
    )
    .option('--first-token-ms <ms>', 'time to first token', parseNumberOption('--first-token-ms'))
    .option(
      '--tokens-per-second <n>',
      'output token rate',
      parseNumberOption('--tokens-per-second', { min: 0.001 }),
    )
    .option(
      '--time-scale <n>',
      'divide every delay by n',
      parseNumberOption('--time-scale', { min: 0.001 }),
      1,
    )
    .option(
      '--caller-header <name>',
      'header naming the caller country (default x-switchyard-caller-country)',
      parseHeaderName,
    )
    .addOption(
      repeatable(
        new Option('--api-key <key>', 'accepted API key (repeatable; default: any key)')
          .argParser(collectName('--api-key', 'an API key'))
          .default([]),
      ),
    )
    .option('--sdk-retries', 'do not send x-should-retry: false on errors (let SDKs retry 429/5xx)', false)
    .action(async function (this: Command, kind: SimulatorKind, options: SimulateCommandOptions) {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runSimulate({ kind, options, signal: controller.signal });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          this.error(`Port ${options.port} is already in use; pick another with --port.`);
        if (code === 'EACCES')
          this.error(`Port ${options.port} needs privileges; pick one above 1024 with --port.`);
        throw error;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
