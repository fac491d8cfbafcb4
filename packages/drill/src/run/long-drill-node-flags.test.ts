import { describe, expect, it } from 'vitest';
import {
  longDrillEnvironment,
  longDrillEnvironmentFor,
  longDrillHeapFlags,
  longDrillNodeFlags,
  longDrillRequests,
} from './long-drill-node-flags.js';

describe('longDrillNodeFlags', () => {
  it('adds no flag to a short drill (export-control-day sends 1,200 requests)', () => {
    expect(longDrillNodeFlags({ requests: 1_200, execArgv: [], nodeOptions: undefined })).toEqual([]);
    expect(
      longDrillNodeFlags({ requests: longDrillRequests - 1, execArgv: [], nodeOptions: undefined }),
    ).toEqual([]);
  });

  it('gives a long drill the heap flags, from 10,000 requests on', () => {
    expect(longDrillRequests).toBe(10_000);
    expect(longDrillNodeFlags({ requests: longDrillRequests, execArgv: [], nodeOptions: undefined })).toEqual(
      longDrillHeapFlags,
    );
    expect(longDrillHeapFlags).toEqual(['--max-semi-space-size=16', '--heap-growing-percent=25']);
  });

  it('keeps other Node flags out of the decision', () => {
    expect(
      longDrillNodeFlags({
        requests: 100_000,
        execArgv: ['--enable-source-maps', '--conditions=@switchyard/source'],
        nodeOptions: '--no-warnings',
      }),
    ).toEqual(longDrillHeapFlags);
  });

  it('adds nothing when the process already has a heap flag of its own (the relaunched child, or the user)', () => {
    for (const execArgv of [
      ['--max-semi-space-size=16', '--heap-growing-percent=25'],
      ['--max-old-space-size=4096'],
      ['--max_old_space_size=4096'],
      ['--optimize-for-size'],
    ]) {
      expect(longDrillNodeFlags({ requests: 100_000, execArgv, nodeOptions: undefined })).toEqual([]);
    }
    expect(
      longDrillNodeFlags({
        requests: 100_000,
        execArgv: [],
        nodeOptions: '--no-warnings --max-heap-size=512',
      }),
    ).toEqual([]);
  });
});

describe('longDrillEnvironmentFor', () => {
  it('gives a long drill on Linux at most two malloc arenas', () => {
    expect(longDrillEnvironment).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(longDrillEnvironmentFor({ env: { PATH: '/usr/bin' }, platform: 'linux' })).toEqual({
      MALLOC_ARENA_MAX: '2',
    });
  });

  it('keeps a value the user set, even an empty one', () => {
    expect(longDrillEnvironmentFor({ env: { MALLOC_ARENA_MAX: '8' }, platform: 'linux' })).toEqual({});
    expect(longDrillEnvironmentFor({ env: { MALLOC_ARENA_MAX: '' }, platform: 'linux' })).toEqual({});
  });

  it('adds nothing where the C library does not read it', () => {
    for (const platform of ['darwin', 'win32', 'freebsd']) {
      expect(longDrillEnvironmentFor({ env: {}, platform })).toEqual({});
    }
  });
});
