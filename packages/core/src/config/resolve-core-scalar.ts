import { Document, isScalar, type ScalarTag } from 'yaml';
import { yamlOptions } from './read-exact-document.js';

/**
 * The patterns of the `yaml` library's core schema tags (null, bool, three
 * ints, three floats) that {@link firstCharacters} was derived from.
 */
const corePatterns = [
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
  '^0o[0-7]+$',
  '^[-+]?[0-9]+$',
  '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
];

/** The only characters a text matching one of {@link corePatterns} can start with. */
const firstCharacters = new Set('~NnTtFf0123456789+-.');

let core:
  | { tags: readonly ScalarTag[]; options: Document['options']; textUnless: Set<string> | undefined }
  | undefined;

/**
 * A {@link resolveCoreScalar} for one document: each distinct text is
 * resolved once (a config repeats most of its words).
 *
 * @returns a resolver; it returns `undefined` where `resolveCoreScalar` does.
 */
export function coreScalarResolver(): (source: string, atKey: boolean) => { value: unknown } | undefined {
  const values = new Map<string, { value: unknown } | undefined>();
  const keys = new Map<string, { value: unknown } | undefined>();
  return (source, atKey) => {
    if (core?.textUnless && source.length > 0 && !core.textUnless.has(source[0] as string))
      return { value: source };
    const known = atKey ? keys : values;
    let resolved = known.get(source);
    if (resolved === undefined && !known.has(source)) {
      resolved = resolveCoreScalar(source, atKey);
      known.set(source, resolved);
    }
    return resolved;
  };
}

/**
 * A plain (unquoted) scalar's value, resolved by the `yaml` library's own
 * YAML 1.2 core schema tags exactly as its composer does
 * (`findScalarTagByTest`): the first default tag whose pattern matches the
 * text (null, bool, octal/decimal/hex int, nan/inf, float), else the text
 * itself. So `2026-06-25` stays text, `yes` is text, `0x1F` is 31. A text
 * whose first character no pattern allows is text at once (while the
 * library's patterns are the ones this was derived from).
 *
 * @param source the scalar's text, folded.
 * @param atKey whether it is a mapping key.
 * @returns the value, or `undefined` when the library reports a resolution
 *   error (never for the core schema; the caller leaves it to the exact reader).
 */
export function resolveCoreScalar(source: string, atKey: boolean): { value: unknown } | undefined {
  if (!core) {
    // Without merge keys: `<<` as a key is left to the exact reader (`readFastDocument`).
    const document = new Document(null, { ...yamlOptions, merge: false });
    const tags = document.schema.tags.filter((tag) => !tag.collection) as ScalarTag[];
    const patterns = tags.filter((tag) => tag.test).map((tag) => tag.test?.source);
    const derived =
      tags.every((tag) => tag.default === true) &&
      patterns.length === corePatterns.length &&
      patterns.every((pattern, index) => pattern === corePatterns[index]);
    core = { tags, options: document.options, textUnless: derived ? firstCharacters : undefined };
  }
  if (core.textUnless && source.length > 0 && !core.textUnless.has(source[0] as string))
    return { value: source };
  const tag = core.tags.find(
    (candidate) =>
      (candidate.default === true || (atKey && candidate.default === 'key')) && candidate.test?.test(source),
  );
  if (!tag) return { value: source };
  let failed = false;
  const resolved = tag.resolve(
    source,
    () => {
      failed = true;
    },
    core.options,
  );
  if (failed) return undefined;
  const value = isScalar(resolved) ? resolved.value : resolved;
  return { value: typeof value === 'bigint' ? Number(value) : value };
}
