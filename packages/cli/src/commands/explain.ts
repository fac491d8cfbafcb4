import {
  compileConfigPolicy,
  countryName,
  formatDocumentPath,
  isCountryCode,
  parseInstant,
  problemText,
  type RequestContext,
  safeParseRequestContext,
} from '@switchyard/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { readConfigFile } from '../read-config-file.js';
import { repeatable } from '../refuse-repeated-options.js';

interface ExplainOptions {
  config: string;
  route: string;
  jurisdiction?: string;
  dataClass?: string;
  tenant?: string;
  tag: string[];
  at?: string;
  json: boolean;
}

/** The option that sets each field of the request context. */
const optionNames: Readonly<Record<string, string>> = {
  jurisdiction: '--jurisdiction',
  dataClass: '--data-class',
  tenant: '--tenant',
  tags: '--tag',
};

/**
 * Registers `switchyard explain`: which candidates of a route a caller may
 * use, and which rule decided each one. Its context options are validated
 * exactly as the router validates `providerOptions.switchyard`, so it
 * explains what the router will do.
 *
 * @example
 * ```sh
 * switchyard explain --config switchyard.yaml --route chat --jurisdiction CN --data-class regulated
 * ```
 */
export function registerExplainCommand(program: Command, output: Output): Command {
  return program
    .command('explain')
    .description("Show which of a route's candidates a caller may use, and the rule and reason for each")
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .requiredOption('-r, --route <name>', 'route name')
    .option(
      '-j, --jurisdiction <code>',
      "caller's jurisdiction: ISO 3166-1 alpha-2 (e.g. DE) or a group (e.g. EU)",
    )
    .option('-d, --data-class <class>', 'data class of the request, e.g. internal or regulated')
    .option('-t, --tenant <id>', 'tenant id')
    .addOption(
      repeatable(
        new Option('--tag <tag>', 'request tag (repeatable)')
          .argParser((value: string, all: string[]) => [...all, value])
          .default([]),
      ),
    )
    .option(
      '--at <instant>',
      'evaluate at this ISO 8601 instant with an offset (e.g. 2026-06-25T00:00:00Z) instead of now',
    )
    .option('--json', 'print the verdicts as JSON', false)
    .action(async (options: ExplainOptions) => {
      const config = await readConfigFile(options.config);
      const route = Object.hasOwn(config.routes, options.route) ? config.routes[options.route] : undefined;
      if (!route) {
        throw new UsageError(
          `route "${options.route}" is not in ${options.config}; its routes are: ${Object.keys(config.routes).join(', ')}`,
        );
      }
      let at = Date.now();
      if (options.at !== undefined) {
        const parsedAt = parseInstant(options.at);
        if (!parsedAt.ok) throw new UsageError(`--at: ${parsedAt.message}`);
        at = parsedAt.epochMs;
      }
      const compiled = compileConfigPolicy({ config });
      // The options are a request context, checked by the router's own per-request validator.
      const parsed = safeParseRequestContext({
        policy: compiled,
        input: {
          ...(options.jurisdiction === undefined ? {} : { jurisdiction: options.jurisdiction }),
          ...(options.dataClass === undefined ? {} : { dataClass: options.dataClass }),
          ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
          ...(options.tag.length === 0 ? {} : { tags: options.tag }),
        },
      });
      if (!parsed.success) {
        throw new UsageError(
          parsed.problems
            .map(
              (problem) =>
                `${optionNames[String(problem.path[0])] ?? formatDocumentPath(problem.path)}: ${problemText(problem)}`,
            )
            .join('\n'),
        );
      }
      const context: RequestContext = { ...config.defaults.context, ...parsed.data };
      const candidates = [...route.targets, ...route.lastResort.filter((id) => !route.targets.includes(id))];
      const verdicts = compiled.forTargets(candidates).evaluate(context, at);
      const byId = new Map(config.targets.map((target) => [target.id, target]));
      const lastResort = new Set(route.lastResort);

      if (options.json) {
        output.stdout(
          `${JSON.stringify(
            {
              route: options.route,
              strategy: route.strategy,
              context,
              at: new Date(at).toISOString(),
              policyVersion: compiled.version,
              verdicts,
            },
            null,
            2,
          )}\n`,
        );
        return;
      }

      const who = context.jurisdiction
        ? `${context.jurisdiction}${isCountryCode(context.jurisdiction) ? ` (${countryName(context.jurisdiction)})` : ''}`
        : 'no jurisdiction';
      output.stdout(
        `Route ${options.route} (${route.strategy}) for a caller in ${who}, data class ${context.dataClass ?? '(none)'}${
          context.tenant ? `, tenant ${context.tenant}` : ''
        }, at ${new Date(at).toISOString()}\n`,
      );
      output.stdout(`Policy ${compiled.policy.id ?? '(unnamed)'}, version ${compiled.version}\n\n`);
      const table = new Table({
        head: ['#', 'target', 'model', 'hosted in', 'verdict', 'why'],
        colWidths: [4, null, null, null, null, 64],
        wordWrap: true,
        style: { head: [], border: [] },
      });
      verdicts.forEach((verdict, index) => {
        const target = byId.get(verdict.targetId);
        table.push([
          String(index + 1),
          verdict.targetId + (lastResort.has(verdict.targetId) ? '\n(last resort)' : ''),
          target === undefined
            ? '?'
            : target.provider === 'llama-cpp'
              ? `llama-cpp (in-process)\n${target.model}`
              : `${target.provider}/${target.model}`,
          target?.hostedIn ?? '?',
          verdict.allowed ? 'allowed' : 'DENIED',
          verdict.reason,
        ]);
      });
      output.stdout(`${table.toString()}\n`);
      const allowed = verdicts.filter((verdict) => verdict.allowed).map((verdict) => verdict.targetId);
      output.stdout(
        allowed.length === 0
          ? `\nNo candidate may serve this caller: requests on route ${options.route} would fail with NoEligibleTargetError.\n`
          : `\n${allowed.length} of ${verdicts.length} candidates may serve this caller, in this order: ${allowed.join(', ')}.\n`,
      );
    });
}
