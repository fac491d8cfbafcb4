// Durations are read the same way everywhere (drill timelines, rolling budget windows): one schema, in core.
export { DurationSchema, formatDuration } from '@switchyard/core';
