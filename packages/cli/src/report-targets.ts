import type { SwitchyardConfig } from '@switchyard/core';
import { compareText } from '@switchyard/core';
import type { Report, ReportPresentation } from '@switchyard/report';
import { UsageError } from './exit-codes.js';
import type { Output } from './output.js';

type Targets = NonNullable<ReportPresentation['targets']>;

const metadata = (targets: readonly { id: string; hostedIn: string; weights: string }[]): Targets =>
  targets.map((target) => ({ id: target.id, hostedIn: target.hostedIn, weights: target.weights }));

/**
 * The targets of `report --config` that label the report: refused when the config names none of
 * the records' targets (another config's file: it would label nothing); the records' targets it
 * does not name are said on stderr (they stay unlabelled).
 *
 * @throws {UsageError} when the config names none of the records' targets.
 */
export function configTargets(options: {
  config: SwitchyardConfig;
  file: string;
  reports: readonly (Report | undefined)[];
  output: Output;
}): Targets {
  const { config, file, output } = options;
  const named = new Set(config.targets.map((target) => target.id));
  const inRecords = [
    ...new Set(options.reports.flatMap((report) => report?.targetCosts.map((cost) => cost.target) ?? [])),
  ].sort(compareText);
  const unnamed = inRecords.filter((target) => !named.has(target));
  if (inRecords.length > 0 && unnamed.length === inRecords.length)
    throw new UsageError(
      `--config ${file} names none of the records' targets (${inRecords.join(', ')}); its targets are ${[...named].join(', ')}: pass the config the records were made with`,
    );
  if (unnamed.length > 0)
    output.stderr(
      `switchyard: --config ${file} does not name ${unnamed.join(', ')}, target(s) of the records: they are not labelled\n`,
    );
  return metadata(config.targets);
}

/**
 * The targets of the catalogs kept beside records files (`records.basis.jsonl`, as a sink or a
 * drill writes them), for the report's labels when no `--config` is given; undefined when no file
 * has one. A basis file that cannot be read is said on stderr, and its records stay unlabelled.
 */
export async function basisTargets(options: {
  files: readonly string[];
  output: Output;
}): Promise<Targets | undefined> {
  const files = options.files.filter((file) => file !== '-');
  if (files.length === 0) return undefined;
  const { basisFileFor, ReplayBasis } = await import('@switchyard/evidence');
  const byId = new Map<string, Targets[number]>();
  for (const file of files) {
    let basisFile: string;
    try {
      basisFile = await basisFileFor(file);
    } catch {
      continue; // records without a basis beside them (a bare log): nothing to label by
    }
    try {
      for (const target of metadata((await ReplayBasis.read(basisFile)).targets)) byId.set(target.id, target);
    } catch (error) {
      options.output.stderr(
        `switchyard: ${(error as Error).message}; its records' local open weights are not labelled (give --config)\n`,
      );
    }
  }
  return byId.size === 0 ? undefined : [...byId.values()];
}
