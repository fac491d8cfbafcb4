import type { ClassifiedFailure } from '@switchyard/core/failure';

/** The codes of a model file that cannot be served; see `checkGgufFile`. */
export const modelFileCodes = [
  'model_file_missing',
  'model_file_unreadable',
  'model_file_not_gguf',
  'model_file_truncated',
  'model_metadata_missing',
  'model_metadata_invalid',
  'model_tensors_invalid',
  'model_unsupported',
  'model_too_large',
  'model_load_failed',
] as const;

/** One of {@link modelFileCodes}. */
export type ModelFileCode = (typeof modelFileCodes)[number];

/**
 * The failure of a model file that cannot be served: a `cutoff` of the whole
 * target with reason `model_not_found` (the model was never there: a
 * configuration problem; the router moves on at once, reports the target as
 * misconfigured and probes it again later, so a fixed file is picked up; a
 * target that served before and lost its file is `model_withdrawn`, as the
 * router decides for every provider) and a precise `code`.
 *
 * @param code what is wrong with the file.
 * @param message a readable message naming the file.
 * @returns the failure.
 * @example
 * ```ts
 * modelFileFailure('model_file_missing', '/models/x.gguf: no such file');
 * ```
 */
export function modelFileFailure(code: ModelFileCode, message: string): ClassifiedFailure {
  return { kind: 'cutoff', cutoffReason: 'model_not_found', scope: 'target', code, message };
}
