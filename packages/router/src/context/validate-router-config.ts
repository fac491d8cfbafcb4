import {
  errorCodes,
  type SwitchyardConfig,
  type SwitchyardConfigInput,
  SwitchyardError,
  validateConfig,
} from '@switchyard/core';
import { type HealthOptions, HealthOptionsSchema } from '../health/health-options.js';

/**
 * Validates what `createRouter` is given: the config (every problem listed,
 * fail closed) and the health options. The one place the router checks its
 * config: a shared validator plugs in here.
 *
 * @throws {ConfigError} when the config is invalid, listing every problem.
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` when `health` is invalid.
 */
export function validateRouterConfig(options: {
  config: SwitchyardConfig | SwitchyardConfigInput;
  health: HealthOptions | undefined;
}): { config: SwitchyardConfig; health: HealthOptions | undefined } {
  const config = validateConfig(options.config, { file: '<createRouter config>' });
  if (options.health === undefined) return { config, health: undefined };
  const parsed = HealthOptionsSchema.safeParse(options.health);
  if (!parsed.success) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `invalid createRouter({ health }):\n${parsed.error.issues
        .map((issue) => `  health.${issue.path.join('.')}: ${issue.message}`)
        .join('\n')}`,
    });
  }
  return { config, health: parsed.data };
}
