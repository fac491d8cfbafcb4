import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ConfigError, type DecisionRecord, parseConfig, readDocument } from '@switchyard/core';
import { parseScenario } from '@switchyard/drill';
import { selfCheckRecords, whatIfRecords } from '@switchyard/evidence';
import {
  type BadLine,
  buildReport,
  parseDimensions,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderTerminal,
} from '@switchyard/report';
import { createRouter, memorySink } from '@switchyard/router';
import { providerFailure, scriptedModel } from '@switchyard/router/test';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Inputs a user writes (the example configs and drills) and files the
 * product reads back (decision records), changed at random places to random
 * values (wrong types, out-of-range numbers, names every object has, cut
 * lines), through the validators, the reports and the replay. Each must end
 * in acceptance or in a precise error that names the file and a path: never
 * a crash, and never `undefined`, `NaN` or `[object Object]` in a message or a
 * report. The mutation fuzzing that found the bugs these guard against
 * (stop 31) runs here on a fixed seed (`vitest.property-seed.ts`).
 */

const repo = new URL('../', import.meta.url);
const examples = {
  configs: ['examples/config/switchyard.yaml', 'examples/config/switchyard.next.yaml'],
  drills: [
    'examples/drills/export-control-day.yaml',
    'examples/drills/key-revoked.yaml',
    'examples/drills/stream-faults.yaml',
    'examples/drills/budget-day.yaml',
  ],
};

/** Values a mutation writes: wrong types, edges of ranges, names every object has. */
const oddValue = fc.constantFrom<unknown>(
  null,
  -1,
  0,
  0.5,
  1e308,
  2 ** 53 + 1,
  '',
  'x',
  'us',
  'XQ',
  'EU',
  '10s',
  '-5s',
  true,
  [],
  {},
  [null],
  { a: 1 },
  '__proto__',
  'constructor',
  'toString',
  '2026-13-45',
  '\u0000ö',
);

/** One change: which place (an index into the document's places, taken modulo), what to do, and a value. */
interface Mutation {
  readonly place: number;
  readonly kind: 'set' | 'delete' | 'duplicate' | 'extra-key';
  readonly value: unknown;
  /** The name of an extra key. */
  readonly key: string;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  place: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('set', 'delete', 'duplicate', 'extra-key'),
  value: oddValue,
  key: fc.constantFrom(
    'extra',
    'callers',
    'id',
    'signal',
    'jurisdiction',
    '__proto__',
    'constructor',
    'toString',
  ),
});

type Path = (string | number)[];

function places(value: unknown, prefix: Path = [], into: Path[] = []): Path[] {
  if (prefix.length > 0) into.push(prefix);
  if (value !== null && typeof value === 'object')
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      places(child, [...prefix, Array.isArray(value) ? Number(key) : key], into);
    }
  return into;
}

/** A copy of `document` with the mutations applied in order. */
function mutated(document: unknown, changes: readonly Mutation[]): unknown {
  const copy = structuredClone(document);
  for (const change of changes) {
    const all = places(copy);
    if (all.length === 0) break;
    const path = all[change.place % all.length] as Path;
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const key = path[path.length - 1] as string | number;
    if (change.kind === 'set') parent[key] = structuredClone(change.value);
    else if (change.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (change.kind === 'duplicate' && Array.isArray(parent))
      parent.push(structuredClone(parent[key]));
    else {
      const target = parent[key];
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        Object.defineProperty(target, change.key, {
          value: structuredClone(change.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else parent[key] = structuredClone(change.value);
    }
  }
  return copy;
}

const badWords = /\bundefined\b|\bNaN\b|\[object Object\]/;

/** Accepted, or a ConfigError whose every issue names the file and a path, in words without `undefined`. */
function expectAcceptedOrPrecise(run: () => unknown, file: string): void {
  try {
    run();
  } catch (error) {
    expect(ConfigError.isInstance(error), String((error as Error)?.stack)).toBe(true);
    const issues = (error as ConfigError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.file).toBe(file);
      expect(issue.path.length).toBeGreaterThan(0);
      expect(issue.message).not.toMatch(badWords);
    }
  }
}

describe('mutated inputs', () => {
  const documents: { kind: 'config' | 'drill'; value: unknown }[] = [];
  let folder: string;
  let records: string[];

  beforeAll(async () => {
    for (const [kind, paths] of [
      ['config', examples.configs],
      ['drill', examples.drills],
    ] as const)
      for (const path of paths) {
        const text = await readFile(new URL(path, repo), 'utf8');
        documents.push({ kind, value: readDocument({ text, file: path }).value });
      }
    records = await routerRecords();
    folder = await mkdtemp(join(tmpdir(), 'switchyard-mutated-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('configs and drills: accepted, or refused precisely', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, changes) => {
        const { kind, value } = documents[which % documents.length] as (typeof documents)[number];
        const file = kind === 'config' ? 'switchyard.json' : 'drill.json';
        const text = JSON.stringify(mutated(value, changes));
        expectAcceptedOrPrecise(
          () => (kind === 'config' ? parseConfig({ text, file }) : parseScenario({ text, file })),
          file,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('decision records: every line read or reported, every report rendered without undefined or NaN', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.option(fc.array(mutation, { minLength: 1, maxLength: 2 }))), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.constantFrom('fast', 'full'),
        async (lines, validation) => {
          const text = lines
            .map(([which, changes]) => {
              const line = records[which % records.length] as string;
              return changes === null ? line : JSON.stringify(mutated(JSON.parse(line), changes));
            })
            .join('\n');
          const bad: BadLine[] = [];
          const report = await buildReport({
            sources: [{ name: 'records.jsonl', stream: Readable.from([text]) }],
            by: parseDimensions('tenant,route,target,time'),
            bucketMs: 60_000,
            validation,
            onBadLine: (badLine) => bad.push(badLine),
          });
          expect(report.input.records + report.input.badLines).toBe(lines.length);
          for (const badLine of bad) expect(badLine.message).not.toMatch(badWords);
          for (const rendered of [
            renderMarkdown({ report }),
            renderJson({ report }),
            renderTerminal({ report, color: false }),
          ])
            expect(rendered).not.toMatch(/\bNaN\b|\[object Object\]|\bInfinity\b/);
          // The page embeds its charting library (whose code has NaN in it): its tables and data are checked above.
          expect(renderHtml({ report })).toContain('</html>');
        },
      ),
      {
        numRuns: 60,
        // Found with random seeds: a `skipped` entry set to null crashed the fast check's reader
        // (seed -1010317194); a cost of 1e308 on two records summed to Infinity (seed 80697645).
        examples: [
          [[[0, [{ place: 500978445, kind: 'set', value: [null], key: 'extra' }]]], 'fast'],
          [
            [
              [0, [{ place: 69, kind: 'set', value: 1e308, key: 'extra' }]],
              [0, [{ place: 69, kind: 'set', value: 1e308, key: 'extra' }]],
            ],
            'fast',
          ],
        ],
      },
    );
  });

  it('decision records: a replay reads or reports every line, and never throws', async () => {
    const basis = join(folder, 'records.basis.jsonl');
    await writeFile(basis, await basisDocuments());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.option(fc.array(mutation, { minLength: 1, maxLength: 2 }))), {
          minLength: 1,
          maxLength: 8,
        }),
        async (lines) => {
          const path = join(folder, 'records.jsonl');
          await writeFile(
            path,
            `${lines
              .map(([which, changes]) => {
                const line = records[which % records.length] as string;
                return changes === null ? line : JSON.stringify(mutated(JSON.parse(line), changes));
              })
              .join('\n')}\n`,
          );
          const check = await selfCheckRecords({ files: [path], workers: 1 });
          expect(check.records + check.badLines).toBe(lines.length);
          const whatIf = await whatIfRecords({
            files: [path],
            config: new URL('examples/config/switchyard.yaml', repo).pathname,
            workers: 1,
          });
          expect(whatIf.total.records).toBeLessThanOrEqual(lines.length);
        },
      ),
      { numRuns: 25 },
    );
  });
});

let documents: string | undefined;

/** Records of a router over the example config: served, fallen back, cut off, denied, with tenants. */
async function routerRecords(): Promise<string[]> {
  const text = await readFile(new URL('examples/config/switchyard.yaml', repo), 'utf8');
  const config = parseConfig({ text, file: 'switchyard.yaml' });
  const sink = memorySink();
  const steps = [
    { text: 'served' },
    { error: providerFailure({ kind: 'transient', status: 503, message: 'overloaded' }) },
    {
      error: providerFailure({
        kind: 'cutoff',
        cutoffReason: 'region_blocked',
        scope: 'jurisdiction',
        status: 403,
        message: 'unsupported_country_region_territory',
      }),
    },
    { text: 'served again' },
  ];
  const models = Object.fromEntries(
    config.targets.map((target) => [
      target.id,
      scriptedModel({
        provider: 'openai.chat',
        modelId: target.model,
        steps: [...steps, ...steps, ...steps],
      }),
    ]),
  );
  let now = Date.parse('2026-06-25T10:00:00Z');
  const router = createRouter({
    config,
    models,
    sinks: [sink],
    clock: { now: () => now },
    health: { maxRetries: 0 },
  });
  const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hello' }] }];
  for (const [index, jurisdiction] of ['US', 'DE', 'CN', 'SG', 'US', 'FR'].entries()) {
    now += 1_000;
    // A request no target serves is recorded too (and rejects): its record is what the test needs.
    await Promise.resolve(
      router.languageModel(index % 2 === 0 ? 'chat' : 'code').doGenerate({
        prompt,
        providerOptions: { switchyard: { jurisdiction, tenant: `tenant-${index % 3}` } },
      }),
    ).catch(() => undefined);
  }
  await router.close();
  documents = `${sink.documents.map((document) => JSON.stringify(document)).join('\n')}\n`;
  return sink.records.map((record: DecisionRecord) => JSON.stringify(record));
}

/** The basis documents the records were written beside. */
async function basisDocuments(): Promise<string> {
  return documents as string;
}
