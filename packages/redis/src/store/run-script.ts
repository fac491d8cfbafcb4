import type { Redis } from 'ioredis';
import type { LuaScript } from './lua-script.js';

/**
 * Runs a script by its SHA-1 (EVALSHA), sending the source once (EVAL) when
 * the server does not have it: after a restart, or the first time.
 */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
    return await redis.eval(script.lua, keys.length, ...keys, ...args);
  }
}
