import { createHash } from 'node:crypto';

/** A Lua script and its SHA-1, for EVALSHA with an EVAL fallback (`runScript`). */
export interface LuaScript {
  readonly lua: string;
  readonly sha: string;
}

/** A script with its SHA-1 computed once. */
export function luaScript(lua: string): LuaScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}
