import {
  ConfigError,
  type ConfigIssue,
  type ConfigReview,
  errorCodes,
  formatConfigIssue,
  resolvePrice,
  reviewConfig,
} from '@switchyard/core';
import type { Command } from 'commander';
import { checkModelFiles } from '../check-model-files.js';
import type { Output } from '../output.js';
import { readTextFile } from '../read-text-file.js';

interface ValidateOptions {
  config: string;
  strict: boolean;
  coverage: boolean;
}

/**
 * Registers `switchyard validate`: checks a config completely and reports
 * every problem at once with its file, line and column; checks the GGUF
 * file of every `llama-cpp` target (relative to the config, without loading
 * it; a bad one is an error at the line of its `model`, reported in the same
 * run as the schema and reference errors; a good one is described); then lints the policy (warnings), lists pack rules inactive for
 * this catalog and, with
 * `--coverage`, prints the coverage map's dead ends. `--strict` makes every
 * warning, and every dead end for a jurisdiction the config serves, an error.
 *
 * @example
 * ```sh
 * switchyard validate --config switchyard.yaml --strict --coverage
 * ```
 */
export function registerValidateCommand(program: Command, output: Output): Command {
  return program
    .command('validate')
    .description(
      'Check a config (targets, routes, groups, callers, policy, the model files of llama-cpp targets) and report every problem with file:line:column; lint the policy',
    )
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .option(
      '--strict',
      'fail (exit 3) on lint warnings and on dead ends for the jurisdictions in callers.jurisdictions',
      false,
    )
    .option(
      '--coverage',
      'map every route x jurisdiction x data class x time segment and print where no target is allowed',
      false,
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 valid (warnings may be printed); 3 invalid or unreadable config, or
--strict and a warning or a dead end for a served jurisdiction.

Examples:
  $ switchyard validate --config switchyard.yaml
  $ switchyard validate --config switchyard.yaml --strict --coverage`,
    )
    .action(async (options: ValidateOptions) => {
      const text = await readTextFile({
        file: options.config,
        what: 'config',
        hint: 'check the --config path',
      });
      // llama-cpp targets: their GGUF files, relative to the config's folder, checked without loading
      // them, read from the raw document so a bad file is reported with every other problem at once.
      const models = await checkModelFiles({ file: options.config, text });
      let review: ConfigReview;
      try {
        review = reviewConfig({
          text,
          file: options.config,
          strict: options.strict,
          coverage: options.coverage,
        });
      } catch (error) {
        if (
          models.issues.length > 0 &&
          ConfigError.isInstance(error) &&
          error.code === errorCodes.CONFIG_INVALID
        )
          throw new ConfigError({
            file: options.config,
            issues: byPosition([...error.issues, ...models.issues]),
            cause: error,
          });
        throw error;
      }
      if (models.issues.length > 0) throw new ConfigError({ file: options.config, issues: models.issues });
      const { config, policy } = review;
      const packRules = policy.policy.rules.length - config.policy.rules.length;
      output.stdout(
        `${options.config} is valid: ${config.targets.length} targets, ${Object.keys(config.routes).length} routes, ${
          policy.policy.rules.length
        } rules (${packRules} from packs ${config.policy.packs.join(', ') || '-'}), policy version ${policy.version}\n`,
      );
      for (const model of models.reports)
        output.stdout(
          `target ${model.targetId} runs in-process (llama-cpp): ${model.model}: ${model.summary}\n`,
        );
      for (const entry of review.inactive) output.stdout(`inactive: ${formatConfigIssue(entry)}\n`);
      for (const warning of review.warnings) output.stdout(`warning: ${formatConfigIssue(warning)}\n`);
      if (review.coverage) {
        const coverage = review.coverage;
        const dimensions = `${Object.keys(config.routes).length} routes x ${coverage.jurisdictionCount} jurisdictions x ${
          coverage.dataClasses.length
        } data classes x ${coverage.segments.length} time segments`;
        output.stdout(
          review.deadEnds.length === 0
            ? `coverage: ${dimensions}: every cell has an allowed target\n`
            : `coverage: ${dimensions}: ${review.deadEnds.length} dead end${review.deadEnds.length === 1 ? '' : 's'}\n`,
        );
        for (const { text: line, deadEnd } of review.deadEnds)
          output.stdout(`  ${line}${deadEnd.served ? ' (a jurisdiction this config serves)' : ''}\n`);
      }
      for (const target of config.targets) {
        if (!resolvePrice(target)) {
          output.stdout(
            `note: target ${target.id} has no price and the pricing catalog does not know ${target.provider}/${target.model}: its requests cost 0 in records; set "price"\n`,
          );
        }
      }
    });
}

/** Issues in the order of their lines and columns (stable for equal positions). */
function byPosition(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
