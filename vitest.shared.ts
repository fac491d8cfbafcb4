import { defineConfig } from 'vitest/config';

/**
 * Vitest settings every workspace package shares. Sibling packages resolve
 * through the `@switchyard/source` export condition to their TypeScript sources, so tests
 * never wait for a build. Each run also writes a JSON summary that
 * `scripts/test-summary.mjs` adds up into the one closing line CI reads.
 */
export function defineSwitchyardConfig(options: { name: string; testTimeout?: number }) {
  return defineConfig({
    resolve: { conditions: ['@switchyard/source', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@switchyard/source', 'module', 'node', 'default'] } },
    test: {
      name: options.name,
      include: ['src/**/*.test.ts', '*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
      testTimeout: options.testTimeout ?? 20_000,
      passWithNoTests: true,
      reporters: ['default', ['json', { outputFile: '.vitest-results/results.json' }]],
    },
  });
}
