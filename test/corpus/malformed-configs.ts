import { baseConfig, withValue } from './base-config.js';

/** One malformed input and what its error must name. */
export interface MalformedCase {
  /** What is wrong, e.g. `wrong type at targets[0].weights: 42`. */
  readonly name: string;
  /** The file's text. */
  readonly text: string;
  /** The file name (its extension says YAML or JSON). */
  readonly file: string;
  /** A path (as printed) that some issue must be at or under; absent: any. */
  readonly path?: string;
  /** The error code expected; absent: CONFIG_INVALID or CONFIG_UNREADABLE. */
  readonly code?: string;
}

type Path = readonly (string | number)[];
const print = (path: Path) =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A small deterministic PRNG, so the corpus is the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const rule = ['policy', 'rules', 0] as const;
/** Every field of the config with the kind of value it takes. */
const fields: readonly [Path, 'string' | 'number' | 'price' | 'list' | 'map' | 'enum'][] = [
  [['targets'], 'list'],
  [['targets', 0], 'map'],
  [['targets', 0, 'id'], 'string'],
  [['targets', 0, 'provider'], 'string'],
  [['targets', 0, 'model'], 'string'],
  [['targets', 0, 'hostedIn'], 'string'],
  [['targets', 0, 'origin'], 'string'],
  [['targets', 0, 'weights'], 'enum'],
  [['targets', 0, 'licence'], 'string'],
  [['targets', 0, 'capabilities'], 'list'],
  [['targets', 0, 'contextWindow'], 'number'],
  [['targets', 0, 'maxOutputTokens'], 'number'],
  [['targets', 0, 'price'], 'map'],
  [['targets', 0, 'price', 'input'], 'price'],
  [['targets', 0, 'tags'], 'list'],
  [['routes'], 'map'],
  [['routes', 'chat'], 'map'],
  [['routes', 'chat', 'targets'], 'list'],
  [['routes', 'chat', 'strategy'], 'enum'],
  [['routes', 'chat', 'lastResort'], 'list'],
  [['routes', 'bulk', 'weights'], 'map'],
  [['groups'], 'map'],
  [['groups', 'RESTRICTED'], 'list'],
  [['callers'], 'map'],
  [['callers', 'jurisdictions'], 'list'],
  [['callers', 'dataClasses'], 'list'],
  [['policy'], 'map'],
  [['policy', 'id'], 'string'],
  [['policy', 'defaultEffect'], 'enum'],
  [['policy', 'unknownJurisdiction'], 'enum'],
  [['policy', 'packs'], 'list'],
  [['policy', 'rules'], 'list'],
  [[...rule, 'id'], 'string'],
  [[...rule, 'description'], 'string'],
  [[...rule, 'source'], 'string'],
  [[...rule, 'effect'], 'enum'],
  [[...rule, 'effective'], 'string'],
  [[...rule, 'expires'], 'string'],
  [[...rule, 'when'], 'map'],
  [[...rule, 'when', 'jurisdiction'], 'list'],
  [[...rule, 'when', 'dataClass'], 'list'],
  [[...rule, 'when', 'tenant'], 'list'],
  [[...rule, 'targets'], 'map'],
  [[...rule, 'targets', 'model'], 'list'],
  [[...rule, 'targets', 'weights'], 'enum'],
  [[...rule, 'targets', 'capability'], 'list'],
  [['defaults'], 'map'],
  [['defaults', 'context'], 'map'],
  [['defaults', 'context', 'jurisdiction'], 'string'],
  [['defaults', 'context', 'tags'], 'list'],
];
const wrongValues: Record<string, readonly unknown[]> = {
  string: [42, true, null, ['x'], { x: 1 }],
  number: ['many', -1, 1.5, null, [3]],
  price: ['free', -1, null, [3]],
  list: ['x', 7, { x: 1 }, null],
  map: ['x', 7, ['x'], null],
  enum: ['sometimes', 7, null],
};

/** The malformed configs: generated, deterministic, each with the path its error must name. */
export function malformedConfigs(): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const add = (name: string, value: unknown, path?: Path, file = 'switchyard.json') =>
    cases.push({ name, text: json(value), file, ...(path ? { path: print(path) } : {}) });

  // Wrong types everywhere.
  for (const [path, kind] of fields) {
    for (const wrong of wrongValues[kind] ?? []) {
      // contextWindow must be a positive integer; maxOutputTokens too; -1/1.5 are wrong values of the right type.
      add(
        `wrong value at ${print(path)}: ${JSON.stringify(wrong)}`,
        withValue(baseConfig(), path, wrong),
        path,
      );
    }
  }
  // Missing required fields.
  for (const path of [
    ['targets', 0, 'id'],
    ['targets', 0, 'model'],
    ['targets', 0, 'weights'],
    ['targets'],
    ['routes'],
    [...rule, 'source'],
    [...rule, 'effect'],
  ] as Path[])
    add(
      `missing ${print(path)}`,
      withValue(baseConfig(), path, undefined),
      path.slice(0, -1).length > 0 ? path.slice(0, -1) : path,
    );

  // Unknown (misspelt) keys at every level.
  for (const [parent, key] of [
    [[], 'target'],
    [['targets', 0], 'weight'],
    [['targets', 0, 'price'], 'inputs'],
    [['routes', 'chat'], 'lastresort'],
    [['callers'], 'dataClass'],
    [['policy'], 'default'],
    [[...rule], 'effects'],
    [[...rule, 'when'], 'jurisdictions'],
    [[...rule, 'targets'], 'hosted'],
    [['defaults'], 'ctx'],
    [['defaults', 'context'], 'datClass'],
  ] as [Path, string][]) {
    add(`unknown key ${print([...parent, key])}`, withValue(baseConfig(), [...parent, key], 'x'), [
      ...parent,
      key,
    ]);
  }

  // Bad jurisdiction codes wherever a code goes.
  const codes = ['XX', 'us', 'Germany', '', 'EUR', 'unknown', 'self'];
  for (const path of [
    ['targets', 0, 'hostedIn'],
    ['targets', 0, 'origin'],
    ['groups', 'RESTRICTED', 0],
    ['callers', 'jurisdictions', 0],
    [...rule, 'when', 'jurisdiction', 0],
    [...rule, 'when', 'notJurisdiction', 0],
    [...rule, 'targets', 'hostedIn', 0],
    [...rule, 'targets', 'origin', 0],
    ['defaults', 'context', 'jurisdiction'],
  ] as Path[]) {
    for (const code of codes) {
      const valid =
        (code === 'self' && (path.includes('hostedIn') || print(path).startsWith('targets[0].hostedIn'))) ||
        (code === 'unknown' && (path.includes('when') || path[0] === 'callers'));
      if (valid) continue;
      add(`bad code ${JSON.stringify(code)} at ${print(path)}`, withValue(baseConfig(), path, code), path);
    }
  }

  // Bad instants.
  for (const instant of [
    '2026-06-25',
    '2026-06-25T00:00:00',
    '2026-06-25 00:00:00',
    '2026-02-30T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-06-31T00:00:00Z',
    '2026-06-25T24:00:00Z',
    '2026-06-25T23:60:00Z',
    '25/06/2026',
    '2026-06-25T00:00:00+0200',
    '2026-06-25T00:00Z',
    'yesterday',
    20260625,
  ]) {
    for (const field of ['effective', 'expires']) {
      add(
        `bad instant ${JSON.stringify(instant)} at ${field}`,
        withValue(baseConfig(), [...rule, field], instant),
        [...rule, field],
      );
    }
  }

  // Dangling references.
  for (const [path, value] of [
    [['routes', 'chat', 'targets', 1], 'eu-mistrl'],
    [['routes', 'chat', 'lastResort', 0], 'local'],
    [['routes', 'bulk', 'weights'], { 'openai-gpt': 1, ghost: 2 }],
    [['routes', 'chat', 'weights'], { 'openai-gpt': 1 }],
    [['policy', 'packs', 0], 'eu-residency'],
    [
      ['policy', 'packs'],
      ['eu-data-residency', 'eu-data-residency'],
    ],
    [[...rule, 'targets', 'id', 0], 'anthropic-*'],
    [[...rule, 'targets', 'provider', 0], 'opnai'],
    [[...rule, 'targets', 'model', 0], 'claude*'],
    [[...rule, 'targets', 'licence', 0], 'MIT'],
    [[...rule, 'targets', 'capability', 0], 'vision'],
    [[...rule, 'targets', 'tags', 0], 'frontiers'],
    [[...rule, 'targets', 'hostedIn', 0], 'JP'],
    [[...rule, 'targets', 'notHostedIn', 0], 'JP'],
    [[...rule, 'targets', 'origin', 0], 'CN'],
    [[...rule, 'targets', 'weights'], 'open'],
    [[...rule, 'when', 'dataClass', 0], 'secret'],
    [[...rule, 'when', 'tenant', 0], 'initech-*'],
    [['defaults', 'context', 'dataClass'], 'confidential'],
    [['targets', 1, 'id'], 'openai-gpt'],
  ] as [Path, unknown][]) {
    // A value that exists but leaves the rule's predicate matching nothing is reported at `targets`.
    const at = path[path.length - 1] === 'weights' && path.includes('rules') ? path.slice(0, -1) : path;
    add(
      `dangling reference at ${print(path)}: ${JSON.stringify(value)}`,
      withValue(baseConfig(), path, value),
      at.slice(0, at[at.length - 2] === 'packs' ? -1 : undefined),
    );
  }
  const duplicate = baseConfig();
  (duplicate.policy as { rules: unknown[] }).rules.push((duplicate.policy as { rules: unknown[] }).rules[0]);
  add('duplicate rule id', duplicate, [...rule.slice(0, 2), 1, 'id']);

  // Groups: cycles, built-in redefinitions, shadowed codes, empty groups.
  for (const [name, groups, path] of [
    ['a group containing itself', { RESTRICTED: ['CN', 'RESTRICTED'] }, ['groups', 'RESTRICTED', 1]],
    ['a two-group cycle', { RESTRICTED: ['CN'], A: ['B'], B: ['A'] }, ['groups', 'B', 0]],
    ['a three-group cycle', { RESTRICTED: ['CN'], A: ['B'], B: ['C'], C: ['A'] }, ['groups', 'C', 0]],
    ['EU redefined', { RESTRICTED: ['CN'], EU: ['DE', 'FR', 'NL'] }, ['groups', 'EU']],
    ['EEA redefined', { RESTRICTED: ['CN'], EEA: ['NO'] }, ['groups', 'EEA']],
    ['eu redefined in lower case', { RESTRICTED: ['CN'], eu: ['DE'] }, ['groups', 'eu']],
    ['a group named after a country', { RESTRICTED: ['CN'], DE: ['AT'] }, ['groups', 'DE']],
    ['a group named self', { RESTRICTED: ['CN'], self: ['AT'] }, ['groups', 'self']],
    ['a group named unknown', { RESTRICTED: ['CN'], unknown: ['AT'] }, ['groups', 'unknown']],
    ['an empty group', { RESTRICTED: [] }, ['groups', 'RESTRICTED']],
    ['an unknown member', { RESTRICTED: ['CN', 'Russia'] }, ['groups', 'RESTRICTED', 1]],
  ] as [string, unknown, Path][]) {
    add(name, withValue(baseConfig(), ['groups'], groups), path);
  }

  // YAML alias bombs and alias counts.
  const laughs = (levels: number, width: number) => {
    let text = `a0: &a0 [${Array(width).fill('"lol"').join(', ')}]\n`;
    for (let level = 1; level < levels; level++)
      text += `a${level}: &a${level} [${Array(width)
        .fill(`*a${level - 1}`)
        .join(', ')}]\n`;
    return text;
  };
  for (const [levels, width] of [
    [9, 9],
    [6, 10],
    [12, 4],
    [20, 2],
  ] as const)
    cases.push({
      name: `alias bomb ${levels}x${width}`,
      text: laughs(levels, width),
      file: 'bomb.yaml',
      code: 'SWITCHYARD_CONFIG_LIMIT_EXCEEDED',
    });
  cases.push({
    name: '200 aliases',
    text: `anchor: &x US\nlist: [${Array(200).fill('*x').join(', ')}]\n`,
    file: 'aliases.yaml',
    code: 'SWITCHYARD_CONFIG_LIMIT_EXCEEDED',
  });
  cases.push({
    name: 'an alias to no anchor',
    text: 'targets: *nothing\n',
    file: 'alias.yaml',
    code: 'SWITCHYARD_CONFIG_UNREADABLE',
  });

  // Binary garbage.
  const random = prng(20260625);
  for (let index = 0; index < 12; index++) {
    const bytes = Array.from({ length: 16 + Math.floor(random() * 2000) }, () => Math.floor(random() * 256));
    if (index % 2 === 0) bytes[Math.floor(random() * bytes.length)] = 0;
    cases.push({
      name: `binary garbage #${index}`,
      text: Buffer.from(bytes).toString('utf8'),
      file: `garbage-${index}.yaml`,
    });
  }
  cases.push({ name: 'an empty file', text: '', file: 'empty.yaml' });
  cases.push({ name: 'only a comment', text: '# nothing\n', file: 'comment.yaml' });
  cases.push({ name: 'a bare scalar', text: 'switchyard\n', file: 'scalar.yaml' });
  cases.push({ name: 'a list at the root', text: '- a\n- b\n', file: 'list.yaml' });

  // Huge and deep files.
  cases.push({
    name: 'a 17 MiB file',
    text: `# ${'x'.repeat(17 * 1024 * 1024)}\n`,
    file: 'huge.yaml',
    code: 'SWITCHYARD_CONFIG_LIMIT_EXCEEDED',
  });
  for (const [name, text] of [
    ['100,000 nested flow lists', `targets: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['100,000 nested flow maps', `targets: ${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}\n`],
    ['100,000 compact sequences', `${'- '.repeat(100_000)}x\n`],
    ['70 nested block maps', Array.from({ length: 70 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n')],
    ['a 1 MiB deep JSON', `${'['.repeat(512 * 1024)}${']'.repeat(512 * 1024)}`],
  ] as const)
    cases.push({ name, text, file: 'deep.yaml', code: 'SWITCHYARD_CONFIG_LIMIT_EXCEEDED' });

  // Syntax and YAML types.
  for (const [name, text] of [
    ['an unclosed list', 'targets: [\n'],
    ['an unclosed string', 'targets: "abc\n'],
    ['a tab indentation', 'targets:\n\t- id: a\n'],
    ['a duplicate key', 'routes: {}\nroutes: {}\n'],
    ['two documents', 'targets: []\n---\nroutes: {}\n'],
    ['a !!timestamp tag', 'policy:\n  rules:\n    - effective: !!timestamp 2026-06-25T00:00:00\n'],
    ['a !!binary tag', 'targets: !!binary aGVsbG8=\n'],
    ['a !!set tag', 'targets: !!set { a, b }\n'],
    ['a custom tag', 'targets: !target {}\n'],
    ['a bad indentation', 'targets:\n  - id: a\n   provider: b\n'],
    ['a JSON syntax error', '{"targets": [1, 2,, 3]}'],
  ] as const)
    cases.push({ name, text, file: 'syntax.yaml', code: 'SWITCHYARD_CONFIG_UNREADABLE' });
  cases.push({
    name: 'an instant without offset under %YAML 1.1 (stays text, then refused)',
    text: `%YAML 1.1\n---\n${json(withValue(baseConfig(), [...rule, 'effective'], 'PLACEHOLDER')).replace('"PLACEHOLDER"', '2026-06-25T00:00:00')}`,
    file: 'yaml11.yaml',
    path: print([...rule, 'effective']),
  });
  return cases;
}
