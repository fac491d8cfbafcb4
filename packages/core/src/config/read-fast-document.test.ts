import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, stringify, type ToStringOptions } from 'yaml';
import { ConfigError } from '../errors/config-error.js';
import { configProblems } from './config-problems.js';
import { ConfigSchema } from './config-schema.js';
import { documentLimits } from './document-limits.js';
import { type DocumentPath, locatedDocument, readDocument, validateLocated } from './parse-document.js';
import { readExactDocument } from './read-exact-document.js';
import { readFastDocument } from './read-fast-document.js';

/**
 * The fast reader (js-yaml events) against the exact reader (the `yaml`
 * library with every node's range, what `readDocument` always used before):
 * whenever the fast reader reads a text, the exact one reads it too, to the
 * same value, and every path is located at the same line and column.
 */

const limits = documentLimits;
const read = (text: string) => readExactDocument({ text, file: 'x.yaml', limits });

/** Scalars the two parsers could read differently: YAML 1.1 and 1.2 forms, indicators, escapes. */
const trickyScalars = [
  ...['', ' ', 'a', 'a b', '1', '-1', '+1', '0', '-0', '00', '0o17', '0O17', '0x1F', '0X1F', '0b101'],
  ...['1_000', '1e3', '1E-3', '.5', '-.5', '1.', '1.0', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'nan'],
  ...['yes', 'No', 'on', 'OFF', 'y', 'true', 'True', 'TRUE', 'tRue', 'false', 'null', 'Null', 'NULL', '~'],
  ...['2026-06-25', '2026-06-25T00:00:00Z', '2026-06-25 00:00:00', '12:30', '1:30:00', '<<', '=', '!'],
  ...['&a', '*a', '- x', ': x', 'x: y', 'x #y', '#x', "'", '"', '\\', '\t', 'a\tb', 'é', '😀', '\u0085'],
  ...['\u2028', 'multi\nline', 'trail\n', '\n', ' lead', 'trail ', '[a]', '{a: b}', ',', '?', '|', '>'],
  ...['%', '@', '`', '__proto__', 'constructor', 'toString', '0.1e+2', '1e+309', '9007199254740993'],
];
const character = fc.constantFrom(
  ...'ab :-#[]{},"\'\n\t\\?|>!&*%@`~0123456789.eE+_xo',
  'é',
  '\u0085',
  '\u2028',
);
const scalar = fc.oneof(
  fc.constantFrom(...trickyScalars),
  fc.string({ unit: character, maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(
  fc.constantFrom(...trickyScalars),
  fc.string({ unit: character, maxLength: 8 }),
  fc.integer({ min: -5, max: 5 }),
);
const toMap = (pairs: [unknown, unknown][]) => new Map(pairs);
const { node } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('seq'), tie('map')),
  seq: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map(toMap),
}));
const root = fc.oneof(
  fc.array(node, { minLength: 1, maxLength: 4 }),
  fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 5 }).map(toMap),
);

/** How the `yaml` library may write a value: every string and collection style, narrow lines. */
const style = fc.record({
  defaultStringType: fc.constantFrom(
    'PLAIN',
    'QUOTE_DOUBLE',
    'QUOTE_SINGLE',
    'BLOCK_LITERAL',
    'BLOCK_FOLDED',
  ),
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  indent: fc.integer({ min: 1, max: 4 }),
  indentSeq: fc.boolean(),
  lineWidth: fc.constantFrom(0, 10, 20, 80),
  minContentWidth: fc.constantFrom(0, 5, 20),
  flowCollectionPadding: fc.boolean(),
}) as fc.Arbitrary<ToStringOptions>;

/** Writes `value` as YAML in a random style, or as JSON. */
const written = (value: fc.Arbitrary<unknown>) =>
  fc
    .tuple(value, style, fc.boolean(), fc.integer({ min: 0, max: 3 }))
    .map(([data, options, json, indent]) =>
      json
        ? (JSON.stringify(
            data,
            (_, item) => (item instanceof Map ? Object.fromEntries(item) : item),
            indent,
          ) ?? '{}')
        : stringify(data, options),
    );

/** Lines of YAML tokens at random indents: mostly broken, sometimes odd but valid. */
const token = fc.constantFrom(
  ...['a', 'key', '"q"', "'s'", '"a\\"b"', "'it''s'", '1', '0x1F', '.5', 'true', 'null', '~', ':', ': '],
  ...['- ', '-', '? ', '#c', ' #c', '[', ']', '{', '}', ', ', '|', '|-', '>', '>+', '|2', '"', "'", '\t'],
  ...[' ', '  ', 'a b', 'a:b', 'x#y', '*a', '&a ', '!t ', '!!str ', '<<', '%', '@', 'é'],
);
const line = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.array(token, { minLength: 1, maxLength: 6 }))
  .map(([indent, tokens]) => ' '.repeat(indent) + tokens.join(''));
const lines = fc.array(line, { minLength: 1, maxLength: 8 }).map((all) => `${all.join('\n')}\n`);

/** A scalar over several lines, in every style: folding, escaped line breaks, empty lines, indents. */
const piece = fc.constantFrom(
  ...['a', 'b c', ' ', '  ', '\t', '\\', '\\\n', '\n', '\n\n', '\n \n', '#', ': ', ' #', "''", '\\"'],
  ...['\\t', '\\n', '\\x41', '\\u00e9', '\\ ', '- '],
);
const multiLine = fc
  .tuple(
    fc.constantFrom('"', "'", '', '|', '>', '|-', '>+', '|2', '[', '{'),
    fc.array(piece, { maxLength: 8 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([start, pieces, indent]) => {
    const body = pieces.join('').replaceAll('\n', `\n${' '.repeat(indent)}`);
    if (start === '"' || start === "'") return `k: ${start}${body}${start}\nz: 1\n`;
    if (start === '[' || start === '{') return `k: ${start}${body}${start === '[' ? ']' : '}'}\nz: 1\n`;
    if (start === '') return `k: ${body}\nz: 1\n`;
    return `k: ${start}\n${' '.repeat(indent)}${body}\nz: 1\n`;
  });

/** Up to three insertions, deletions or replacements of YAML indicators, breaks and markers. */
const edits = fc.array(
  fc.tuple(
    fc.nat(),
    fc.constantFrom('insert', 'delete', 'replace'),
    fc.constantFrom(
      ...[':', ': ', '-', '- ', ' ', '  ', '\n', '\n  ', '#', ' #', '[', ']', '{', '}', ',', '"', "'"],
      ...['&a ', '*a', '!!str ', '!x ', '? ', '|', '>', '\t', '---\n', '...\n', '%YAML 1.1\n---\n'],
      ...['\r\n', '\r', '\uFEFF', '\u0085', '\u2028', 'a', '0', '\\'],
    ),
  ),
  { maxLength: 3 },
);
const edited = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, edits).map(([start, changes]) => {
    let result = start;
    for (const [at, change, piece] of changes) {
      const index = at % (result.length + 1);
      const end = change === 'insert' ? index : index + piece.length;
      result = result.slice(0, index) + (change === 'delete' ? '' : piece) + result.slice(end);
    }
    return result;
  });
const texts = fc.oneof(
  { arbitrary: edited(written(root)), weight: 3 },
  { arbitrary: written(root), weight: 1 },
  { arbitrary: edited(lines), weight: 1 },
  { arbitrary: multiLine, weight: 2 },
);

/** Equal values: same own keys in the same order, same prototypes, `Object.is` leaves (-0, NaN). */
function sameValue(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) return false;
  const leftKeys = Reflect.ownKeys(left);
  const rightKeys = Reflect.ownKeys(right);
  return (
    leftKeys.length === rightKeys.length &&
    leftKeys.every((name, index) => name === rightKeys[index]) &&
    leftKeys.every((name) =>
      sameValue((left as Record<PropertyKey, unknown>)[name], (right as Record<PropertyKey, unknown>)[name]),
    )
  );
}

/** Every path in `value`, each also extended by keys and indices that do not exist. */
function pathsOf(value: unknown, prefix: DocumentPath = []): DocumentPath[] {
  const paths: DocumentPath[] = [prefix, [...prefix, 'missing'], [...prefix, 0], [...prefix, 99]];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) paths.push(...pathsOf(item, [...prefix, index]));
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      paths.push(...pathsOf(item, [...prefix, name]));
      if (/^-?\d+$/.test(name)) paths.push([...prefix, Number(name)]);
    }
  }
  return paths;
}

function lineCounter(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    counter.addNewLine(index + 1);
  }
  return counter;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('readFastDocument', () => {
  // 1,000 documents read twice: 6 s on a busy machine.
  it('reads only what the exact reader reads, to the same value, with every path at the same position', {
    timeout: 60_000,
  }, () => {
    let fast = 0;
    fc.assert(
      fc.property(texts, (text) => {
        const document = readFastDocument({ text, limits });
        if (!document) return;
        fast++;
        const exact = read(text); // throws (and fails the property) if the exact reader refuses the text
        expect(sameValue(document.value, exact.value), 'same value').toBe(true);
        const counter = lineCounter(text);
        const located = readDocument({ text, file: 'x.yaml' });
        for (const path of pathsOf(exact.value)) {
          const { offset, exact: known } = document.offsetOf(path);
          if (known) {
            const position = counter.linePos(offset);
            expect({ line: position.line, column: position.col }, JSON.stringify(path)).toEqual(
              exact.locate(path),
            );
          }
          expect(located.locate(path), JSON.stringify(path)).toEqual(exact.locate(path));
        }
      }),
      { numRuns: 1000, seed: 20_260_625 },
    );
    // The property is about the fast reader: most unbroken texts must take it.
    expect(fast).toBeGreaterThan(250);
  });

  it('leaves to the exact reader every text it could read differently', () => {
    const cases = {
      'a tag': 'a: !!str 1\n',
      'an anchor and alias': 'a: &x 1\nb: *x\n',
      'a directive': '%YAML 1.2\n---\na: 1\n',
      'a second document': 'a: 1\n---\nb: 2\n',
      'a document end marker': '...\na: 1\n',
      'a duplicate key': 'a: 1\na: 2\n',
      'a duplicate key by value': '0x10: a\n16: b\n',
      'an empty key': ': a\nb: 1\n',
      'a collection as a key': '[a]: 1\n',
      'a key read as the same property as an earlier one': '1: a\n"1": b\n',
      'a flow pair without braces': 'a: [b: 1]\n',
      'a quoted scalar over two lines': 'a: "b\n  c"\n',
      'an escaped line break before an empty line': 'a: "b\\\n\n  c"\n',
      'text right after a closing quote': '- "a"\\"b": 1\n',
      'a key on the line of a closed flow collection': '0:\n- {}\n- {} "TRUE": {}\n',
      'a comment at a line start in a flow collection': '{\n "a": true\n# c\n}\n',
      'an indented document marker': ' ---\na: 1\n',
      'a block scalar with an indentation indicator': 'a: |2\n   \nb: 1\n',
      'a block scalar with a line of spaces only': 'a: |\n  b\n   \n  c\n',
      'a tab in an indent': 'a:\n\t- 1\n',
      'a byte order mark': '\uFEFFa: 1\n',
      'a byte order mark inside': '# c\n\uFEFFa: 1\n',
      'a lone CR': 'a: 1\rb: 2\n',
      'a scalar document': 'just text\n',
      'an empty document': '# nothing\n',
      'a syntax error': 'a: [1, 2\n',
      'nesting past the limit': `${Array.from({ length: 70 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n')} 1\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      expect(readFastDocument({ text, limits }), name).toBeUndefined();
    }
  });

  it('reads plain YAML and JSON configs, a leading --- and comments included', () => {
    const value = {
      targets: [{ id: 'a', contextWindow: 128000, tags: [] }],
      routes: { chat: { targets: ['a'] } },
    };
    for (const text of [
      stringify(value),
      `---\n# a comment\n${stringify(value)}`,
      JSON.stringify(value, null, 2),
      JSON.stringify(value),
    ]) {
      expect(readFastDocument({ text, limits })?.value).toEqual(value);
    }
  });

  it('locates an empty value and a block scalar as the exact reader does (they are looked up in it)', () => {
    const text = 'a:\n  b:\n  c: |\n    text\nd: [x, ]\n';
    const document = readFastDocument({ text, limits });
    expect(document?.offsetOf(['a', 'b']).exact).toBe(false);
    const located = readDocument({ text, file: 'x.yaml' });
    for (const path of [
      ['a', 'b'],
      ['a', 'c'],
      ['d', 1],
      ['d', 0],
    ]) {
      expect(located.locate(path)).toEqual(read(text).locate(path));
    }
    expect(located.locate(['a', 'b'])).toEqual({ line: 2, column: 5 });
  });
});

/** A small valid config with a policy, for the generated mistakes below. */
const config = {
  targets: [
    {
      id: 'gpt',
      provider: 'openai',
      model: 'gpt-5',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 400000,
    },
    {
      id: 'mistral',
      provider: 'mistral',
      model: 'mistral-large',
      hostedIn: 'FR',
      origin: 'FR',
      weights: 'open',
      contextWindow: 128000,
    },
    {
      id: 'llama',
      provider: 'ollama',
      model: 'llama4',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 128000,
    },
  ],
  routes: { chat: { targets: ['gpt', 'mistral'], strategy: 'priority', lastResort: ['llama'] } },
  groups: { RESTRICTED: ['CN', 'RU'] },
  policy: {
    rules: [
      {
        id: 'no-restricted',
        description: 'No frontier models for restricted callers.',
        source: 'test',
        effect: 'deny',
        effective: '2026-06-25T00:00:00Z',
        when: { jurisdiction: ['RESTRICTED'] },
        targets: { provider: ['openai'] },
      },
    ],
  },
};

/** Paths in `config` that may hold a wrong value. */
const configPaths: DocumentPath[] = pathsOf(config).filter(
  (path) => !path.some((key) => key === 'missing' || key === 99),
);
const wrongValue = fc.oneof(
  scalar,
  fc.constantFrom([], {}, ['x'], { unknownKey: 1 }, 'gtp', 'Regulated', '2026-06-25'),
);
const mistakes = fc.array(fc.tuple(fc.constantFrom(...configPaths), wrongValue, fc.boolean()), {
  maxLength: 4,
});

/** `config` with each mistake applied: a value replaced, or a key removed. */
function withMistakes(list: readonly [DocumentPath, unknown, boolean][]): unknown {
  const copy = structuredClone(config) as unknown;
  for (const [path, value, remove] of list) {
    if (path.length === 0) continue;
    let parent = copy as Record<string | number, unknown>;
    for (const name of path.slice(0, -1)) {
      const next = parent?.[name];
      if (typeof next !== 'object' || next === null) break;
      parent = next as Record<string | number, unknown>;
    }
    const last = path[path.length - 1] as string | number;
    if (typeof parent !== 'object' || parent === null) continue;
    if (remove) delete parent[last];
    else parent[last] = structuredClone(value);
  }
  return copy;
}

describe('readDocument', () => {
  it('reports the same config problems at the same positions as the exact reader', () => {
    const validate = (document: ReturnType<typeof readDocument>) =>
      validateLocated({ document, schema: ConfigSchema, check: (input) => configProblems(input).problems });
    fc.assert(
      fc.property(
        fc.oneof(written(mistakes.map(withMistakes)), edited(written(mistakes.map(withMistakes)))),
        (text) => {
          const viaFast = thrown(() => validate(readDocument({ text, file: 'x.yaml' })));
          const viaExact = thrown(() => validate(locatedDocument({ file: 'x.yaml', ...read(text) })));
          expect(ConfigError.isInstance(viaFast)).toBe(ConfigError.isInstance(viaExact));
          if (ConfigError.isInstance(viaFast) && ConfigError.isInstance(viaExact)) {
            expect(viaFast.code).toBe(viaExact.code);
            expect(viaFast.issues).toEqual(viaExact.issues);
          } else {
            expect(viaFast).toBeUndefined();
            expect(viaExact).toBeUndefined();
          }
        },
      ),
      { numRuns: 200, seed: 20_260_626 },
    );
  });
});
