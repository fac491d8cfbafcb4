import type { BanResult, CallMode, CellResult } from './run-catalogue.js';

/**
 * The scoreboard of one or more runs, one column per call mode: each
 * scenario's verdict, the totals, then the reason and failed checks of every
 * cell that did not pass.
 */
export function formatScoreboard(
  runs: readonly {
    readonly mode: CallMode;
    readonly cells: readonly CellResult[];
    readonly bans: readonly BanResult[];
  }[],
): string {
  const lines: string[] = [];
  const pad = (text: string, width: number) => text.padEnd(width);
  const header = `${pad('', 5)}${pad('Scenario', 40)}${runs.map((run) => pad(run.mode, 12)).join('')}`;
  lines.push(
    'Failover catalogue (failoverbench v0.1, profile full) through the Switchyard router, README defaults',
  );
  lines.push(header);
  const first = runs[0];
  for (const [index, cell] of (first?.cells ?? []).entries()) {
    lines.push(
      `${pad(cell.id, 5)}${pad(cell.title, 40)}${runs.map((run) => pad(run.cells[index]?.verdict ?? '-', 12)).join('')}`,
    );
  }
  const totals = (cells: readonly { verdict: string }[]) => {
    const count = (verdict: string) => cells.filter((cell) => cell.verdict === verdict).length;
    return `${count('pass')}/${cells.length} pass`;
  };
  lines.push(`${pad('', 5)}${pad('total', 40)}${runs.map((run) => pad(totals(run.cells), 12)).join('')}`);
  lines.push('');
  lines.push(`${pad('', 5)}${pad('Ban scenarios (ours)', 40)}`);
  for (const [index, ban] of (first?.bans ?? []).entries()) {
    lines.push(
      `${pad(ban.id, 5)}${pad(ban.title, 40)}${runs.map((run) => pad(run.bans[index]?.verdict ?? '-', 12)).join('')}`,
    );
  }
  lines.push(`${pad('', 5)}${pad('total', 40)}${runs.map((run) => pad(totals(run.bans), 12)).join('')}`);
  for (const run of runs) {
    for (const cell of run.cells) {
      const details = cell.checks.map((check) => `${check.id} ${check.status} (${check.detail})`).join('; ');
      lines.push(
        `  ${run.mode} ${cell.id} ${cell.verdict}: ${cell.reason}; ${cell.metrics.elapsedS.toFixed(1)} s; ${details}`,
      );
    }
    for (const ban of run.bans) {
      lines.push(
        `  ${run.mode} ${ban.id} ${ban.verdict}: ${ban.checks.map((check) => `${check.id} ${check.ok ? 'ok' : 'FAILED'} (${check.detail})`).join('; ')}`,
      );
    }
  }
  return lines.join('\n');
}
