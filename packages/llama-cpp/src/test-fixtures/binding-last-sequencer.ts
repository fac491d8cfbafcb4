import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** What a test file that needs the llama.cpp binding names: the loader, or what loads a model. */
const needsBinding = /getLlama|loadLlama|tinyModel|loadedLlamaModel|createLlamaCpp|checkGgufFile/;

/**
 * Runs the test files that never touch the llama.cpp binding first, then the
 * rest, each group by path. The binding's load (started by `start-llama.ts`)
 * checks the binary in a child process first; the files that need no binding
 * run meanwhile instead of waiting for it. A file is taken to need the binding
 * when its source names the loader or what loads a model; one wrongly taken
 * for it only runs later. The order is the same on every run (vitest's own
 * orders by the last run's durations).
 */
export class BindingLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const group = new Map(
      files.map((file) => [file, needsBinding.test(readFileSync(file.moduleId, 'utf8')) ? 1 : 0] as const),
    );
    return [...files].sort(
      (a, b) => (group.get(a) as number) - (group.get(b) as number) || a.moduleId.localeCompare(b.moduleId),
    );
  }
}
