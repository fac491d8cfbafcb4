import { describe, expect, it, vi } from 'vitest';
import { enableCompileCache } from './enable-compile-cache.js';

describe('enableCompileCache', () => {
  it('turns the cache on and hands its folder to child processes', () => {
    const api = { enableCompileCache: vi.fn(() => ({ status: 1, directory: '/tmp/node-compile-cache' })) };
    const env: Record<string, string | undefined> = {};
    expect(enableCompileCache({ api, env })).toBe('/tmp/node-compile-cache');
    expect(api.enableCompileCache).toHaveBeenCalledOnce();
    expect(env.NODE_COMPILE_CACHE).toBe('/tmp/node-compile-cache');
  });

  it('leaves a NODE_COMPILE_CACHE the user set as it is', () => {
    const env: Record<string, string | undefined> = { NODE_COMPILE_CACHE: '/srv/cache' };
    const api = { enableCompileCache: () => ({ status: 2, directory: '/srv/cache/v24-x64-0' }) };
    expect(enableCompileCache({ api, env })).toBe(undefined);
    expect(env.NODE_COMPILE_CACHE).toBe('/srv/cache');
  });

  it('hands nothing to children when the cache is off (NODE_DISABLE_COMPILE_CACHE, or an older Node)', () => {
    const env: Record<string, string | undefined> = {};
    const disabled = { enableCompileCache: () => ({ status: 3 }) };
    expect(enableCompileCache({ api: disabled, env })).toBe(undefined);
    expect(enableCompileCache({ api: {}, env })).toBe(undefined);
    expect(env).toEqual({});
  });
});
