import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const propertySeedFile = fileURLToPath(new URL('./vitest.property-seed.ts', import.meta.url));

/**
 * Vitest settings every workspace package shares. Sibling packages resolve
 * through the `@switchyard/source` export condition to their TypeScript sources, so tests
 * never wait for a build. Each run also writes a JSON summary that
 * `scripts/test-summary.mjs` adds up into the one closing line CI reads.
 * A package with property tests (`properties: true`) runs them from a fixed
 * seed: see `vitest.property-seed.ts`.
 */
export function defineSwitchyardConfig(options: {
  name: string;
  testTimeout?: number;
  properties?: boolean;
}) {
  return defineConfig({
    resolve: { conditions: ['@switchyard/source', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@switchyard/source', 'module', 'node', 'default'] } },
    test: {
      name: options.name,
      include: ['src/**/*.test.ts', '*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
      testTimeout: options.testTimeout ?? 20_000,
      passWithNoTests: true,
      // Property tests start from one fixed seed (`vitest.property-seed.ts`): the same code gives the same run.
      setupFiles: options.properties ? [propertySeedFile] : [],
      reporters: ['default', ['json', { outputFile: '.vitest-results/results.json' }]],
    },
  });
}
