/**
 * Validation benchmark: the whole of `switchyard validate --coverage` on a
 * 10,000-target, 1,000-rule config (schema, groups, every reference of every
 * rule, compile, lint, and the full coverage map over every route x every
 * ISO 3166-1 code and group x every data class x every time segment).
 *
 *   pnpm --filter @switchyard/core bench
 *
 * Goal: <= 2 s, from the object and from YAML or JSON text. Ratios are
 * against baselines measured in the same run: the zod schema alone on the
 * same config (the least any validator does), and reading the same text
 * without validating it: with the `yaml` library and every node's range (the
 * exact reader, which `readDocument` used alone before, and still uses for
 * what the fast reader leaves to it) and with `readDocument` (the fast
 * reader: js-yaml's events, the value and node offsets). Times are medians
 * of wall time, with the process's CPU time beside them (the machine may be
 * shared).
 */
import { stringify } from 'yaml';
import { documentLimits } from '../src/config/document-limits.js';
import { readExactDocument } from '../src/config/read-exact-document.js';
import { ConfigSchema, readDocument, reviewConfig, type SwitchyardConfigInput } from '../src/index.js';
import { countries, makeCatalog, makeRules, pick, prng } from './generate-policy.js';

const random = prng(20_260_625);
const targets = makeCatalog(10_000, random);
const rules = makeRules(1000, random, targets);
const routes: SwitchyardConfigInput['routes'] = {};
const local = targets.filter((target) => target.hostedIn === 'self').map((target) => target.id);
for (let index = 0; index < 50; index++) {
  const candidates = new Set<string>();
  while (candidates.size < 20) candidates.add(pick(random, targets).id);
  routes[`route-${index}`] = { targets: [...candidates], lastResort: [pick(random, local)] };
}
const config: SwitchyardConfigInput = {
  targets,
  routes,
  groups: { WATCHED: countries.slice(0, 5), NEAR: ['FR', 'DE', 'NL', 'WATCHED'] },
  callers: { jurisdictions: ['US', 'EU', 'SG'], dataClasses: ['public', 'internal', 'regulated'] },
  policy: { packs: ['us-export-control-2026', 'eu-data-residency', 'model-origin'], rules },
};
// YAML as a user writes it (block style), and the same config as JSON.
const text = stringify(config);
const json = JSON.stringify(config, null, 2);

/** Medians of `runs` wall and CPU timings of `operation`, in ms (after one warm-up run). */
function time<T>(operation: () => T, runs = 5): { ms: number; cpuMs: number; result: T } {
  let result = operation();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    result = operation();
    const used = process.cpuUsage(cpuStart);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return { ms: median(wall), cpuMs: median(cpu), result };
}

const schemaOnly = time(() => ConfigSchema.safeParse(config));
const exactOnly = time(() => readExactDocument({ text, file: 'bench.yaml', limits: documentLimits }), 3);
const readOnly = time(() => readDocument({ text, file: 'bench.yaml' }));
const validateOnly = time(() => reviewConfig({ config }));
const full = time(() => reviewConfig({ config, coverage: true }));
const fromText = time(() => reviewConfig({ text, file: 'bench.yaml', coverage: true }));
const fromJson = time(() => reviewConfig({ text: json, file: 'bench.json', coverage: true }));

const review = full.result;
const coverage = review.coverage;
console.log(
  `Validating a config of ${targets.length} targets, ${review.policy.policy.rules.length} rules (${rules.length} own + packs), ${
    Object.keys(routes).length
  } routes of 20 candidates (${(text.length / 1024 / 1024).toFixed(1)} MiB as text); medians`,
);
console.log(
  `baselines: zod schema alone ${schemaOnly.ms.toFixed(0)} ms; reading the YAML alone: readDocument (fast reader) ${readOnly.ms.toFixed(0)} ms wall, ${readOnly.cpuMs.toFixed(0)} ms CPU; the exact reader (yaml library) ${exactOnly.ms.toFixed(0)} ms wall, ${exactOnly.cpuMs.toFixed(0)} ms CPU (${(exactOnly.cpuMs / readOnly.cpuMs).toFixed(1)}x)`,
);
const rows = [
  ['what', 'wall', 'cpu', 'vs schema alone'],
  ...(
    [
      ['validate (schema, groups, references, compile) + lint', validateOnly],
      ['+ full coverage map', full],
      ['from YAML text (read with positions, validate, lint, coverage)', fromText],
      ['from JSON text (the same)', fromJson],
    ] as const
  ).map(([what, timing]) => [
    what,
    `${timing.ms.toFixed(0)} ms`,
    `${timing.cpuMs.toFixed(0)} ms`,
    `${(timing.ms / schemaOnly.ms).toFixed(1)}x`,
  ]),
];
const widths =
  rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] as string).length))) ?? [];
for (const row of rows)
  console.log(row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
console.log(
  `coverage map: ${coverage?.cells.length} cells (${Object.keys(routes).length} routes x ${coverage?.jurisdictionCount} jurisdictions in ${
    (coverage?.cells.length ?? 0) /
    Object.keys(routes).length /
    (coverage?.dataClasses.length ?? 1) /
    (coverage?.segments.length ?? 1)
  } classes x ${coverage?.dataClasses.length} data classes x ${coverage?.segments.length} time segments), ${
    review.deadEnds.length
  } dead ends; lint: ${review.warnings.length} warnings`,
);
const verdict = (timing: { ms: number; cpuMs: number }) =>
  timing.ms <= 2000
    ? 'met'
    : timing.cpuMs <= 2000
      ? `met in CPU time; wall time ${(timing.ms / timing.cpuMs).toFixed(1)}x longer: the machine is shared`
      : 'MISSED';
console.log(
  `goal: validate a 1,000-rule, 10,000-target config with lint and the full coverage map <= 2 s: ${full.ms.toFixed(0)} ms wall, ${full.cpuMs.toFixed(0)} ms CPU (${verdict(full)})`,
);
console.log(
  `from YAML text: ${fromText.ms.toFixed(0)} ms wall, ${fromText.cpuMs.toFixed(0)} ms CPU, of which reading the YAML alone takes ${readOnly.ms.toFixed(0)} ms wall, ${readOnly.cpuMs.toFixed(0)} ms CPU (${verdict(fromText)})`,
);
console.log(
  `from JSON text: ${fromJson.ms.toFixed(0)} ms wall, ${fromJson.cpuMs.toFixed(0)} ms CPU (${verdict(fromJson)})`,
);
