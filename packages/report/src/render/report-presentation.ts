import type { ReportTable } from './report-tables.js';

/** One check of a verdict: an assertion and what was measured. */
export interface ReportCheck {
  readonly name: string;
  readonly passed: boolean;
  /** What was measured against what was required. */
  readonly summary: string;
}

/**
 * What a run adds to its report beyond the records (a drill passes its
 * verdicts, phases and the cost of its events): rendered first, in every
 * format.
 */
export interface ReportPresentation {
  /** Epoch ms of offset 0: times are shown as offsets (`+1m30s`), the absolute time on hover. */
  readonly origin?: number;
  /** Targets' metadata: open weights hosted on your own premises are labelled "local open weights". */
  readonly targets?: readonly {
    readonly id: string;
    readonly hostedIn?: string;
    readonly weights?: string;
  }[];
  /**
   * The verdict, shown before anything else; `failures` says why a run failed besides its checks
   * (stopped early, an event that never played, records not written).
   */
  readonly verdict?: {
    readonly passed: boolean;
    readonly checks: readonly ReportCheck[];
    readonly failures?: readonly string[];
  };
  /** Tables shown right after the verdict (a drill's phases, the cost of its events). */
  readonly sections?: readonly ReportTable[];
}

/** Whether a target is labelled local open weights. */
export function isLocalTarget(presentation: ReportPresentation | undefined, targetId: string): boolean {
  const target = presentation?.targets?.find((entry) => entry.id === targetId);
  return target?.hostedIn === 'self' && target.weights === 'open';
}

/** A target id with its label: `local-llama (local open weights)`. */
export function targetLabel(presentation: ReportPresentation | undefined, targetId: string): string {
  return isLocalTarget(presentation, targetId) ? `${targetId} (local open weights)` : targetId;
}
