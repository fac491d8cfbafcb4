import {
  errorCodes,
  type MidStreamMode,
  midStreamModes,
  type SwitchyardConfig,
  type SwitchyardConfigInput,
  SwitchyardError,
  validateConfig,
} from '@switchyard/core';
import { type HealthOptions, HealthOptionsSchema } from '../health/health-options.js';

/**
 * Validates what `createRouter` is given: the config (every problem listed,
 * fail closed), the health options and the `midStream` mode. The one place
 * the router checks its config: a shared validator plugs in here.
 *
 * @throws {ConfigError} when the config is invalid, listing every problem.
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` when `health` or `midStream` is invalid,
 *   or `health.targets[id].streamGenerate` is true for a target without the `streaming` capability.
 */
export function validateRouterConfig(options: {
  config: SwitchyardConfig | SwitchyardConfigInput;
  health: HealthOptions | undefined;
  midStream?: unknown;
}): { config: SwitchyardConfig; health: HealthOptions | undefined; midStream: MidStreamMode } {
  const config = validateConfig(options.config, { file: '<createRouter config>' });
  const midStream = options.midStream ?? 'continue';
  if (!midStreamModes.includes(midStream as MidStreamMode)) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `invalid createRouter({ midStream }): expected one of ${midStreamModes.map((mode) => `"${mode}"`).join(', ')}; got ${JSON.stringify(midStream)}`,
    });
  }
  if (options.health === undefined)
    return { config, health: undefined, midStream: midStream as MidStreamMode };
  const parsed = HealthOptionsSchema.safeParse(options.health);
  if (!parsed.success) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `invalid createRouter({ health }):\n${parsed.error.issues
        .map((issue) => `  health.${issue.path.join('.')}: ${issue.message}`)
        .join('\n')}`,
    });
  }
  const cannotStream = Object.entries(parsed.data.targets ?? {}).flatMap(([id, own]) =>
    own?.streamGenerate === true &&
    config.targets.some((target) => target.id === id && !target.capabilities.includes('streaming'))
      ? [id]
      : [],
  );
  if (cannotStream.length > 0) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `invalid createRouter({ health }):\n${cannotStream
        .map(
          (id) =>
            `  health.targets.${id}.streamGenerate: true, but target "${id}" does not declare the "streaming" capability; add it to the target's capabilities, or remove the setting`,
        )
        .join('\n')}`,
    });
  }
  return { config, health: parsed.data, midStream: midStream as MidStreamMode };
}
