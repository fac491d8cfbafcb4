import { validateConfig } from '@switchyard/core';
import { memoryHealthStore } from '../health/memory-health-store.js';
import { prepareTargets } from '../prepare/prepare-targets.js';
import { RecordWriter } from '../record/record-writer.js';
import { RouterEventBus } from '../router-event-bus.js';
import { RouterState } from '../router-state.js';
import { scriptedModel } from '../test/scripted-model.js';
import { testConfig } from './router-fixtures.js';

/** A `RouterState` over the test config (alpha and beta have models), for unit tests of request steps. */
export function routerStateFixture(): RouterState {
  const config = validateConfig(testConfig(), { file: 'test' });
  const events = new RouterEventBus();
  return new RouterState(
    config,
    prepareTargets({
      targets: config.targets,
      models: { alpha: scriptedModel({ steps: [] }), beta: scriptedModel({ steps: [] }) },
      health: undefined,
      healthStore: memoryHealthStore(),
    }),
    events,
    new RecordWriter([], events),
    { now: () => Date.parse('2026-06-01T00:00:00.000Z') },
    () => 0.5,
    [],
    undefined,
    {
      recordPrompts: false,
      contentFiltered: 'fail',
      deadlineMs: undefined,
      classify: undefined,
      requestId: undefined,
      processId: 'test-process',
    },
  );
}
