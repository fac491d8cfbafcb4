import { compilePolicy, resolvePrice } from '@switchyard/core';
import type { Command } from 'commander';
import { checkModelFiles } from '../check-model-files.js';
import type { Output } from '../output.js';
import { readConfigFile } from '../read-config-file.js';

/**
 * Registers `switchyard validate`: checks a config completely and reports
 * every problem with its file, line and column.
 *
 * @example
 * ```sh
 * switchyard validate --config switchyard.yaml
 * ```
 */
export function registerValidateCommand(program: Command, output: Output): Command {
  return program
    .command('validate')
    .description(
      'Check a config (targets, routes, groups, policy) and report every problem with file:line:column',
    )
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .action(async (options: { config: string }) => {
      const config = await readConfigFile(options.config);
      const compiled = compilePolicy({
        policy: config.policy,
        targets: config.targets,
        groups: config.groups,
      });
      // llama-cpp targets: their GGUF files, relative to the config's folder, checked without loading them.
      const models = await checkModelFiles({ file: options.config, targets: config.targets });
      const packRules = compiled.policy.rules.length - config.policy.rules.length;
      output.stdout(
        `${options.config} is valid: ${config.targets.length} targets, ${Object.keys(config.routes).length} routes, ${
          compiled.policy.rules.length
        } rules (${packRules} from packs ${config.policy.packs.join(', ') || '-'}), policy version ${compiled.version}\n`,
      );
      for (const model of models)
        output.stdout(
          `target ${model.targetId} runs in-process (llama-cpp): ${model.model}: ${model.summary}\n`,
        );
      for (const target of config.targets) {
        if (!resolvePrice(target)) {
          output.stdout(
            `note: target ${target.id} has no price and the pricing catalog does not know ${target.provider}/${target.model}: its requests cost 0 in records; set "price"\n`,
          );
        }
      }
    });
}
