export { type AggregateRecordsOptions, aggregateRecords } from './aggregate/aggregate-records.js';
export type { BudgetCounterFigures, BudgetFigures } from './aggregate/budget-accumulator.js';
export { type BuildReportOptions, buildReport } from './aggregate/build-report.js';
export { type Dimension, dimensions, parseDimensions } from './aggregate/dimension.js';
export {
  LatencyDigest,
  type LatencySummary,
  latencyRelativeError,
  seriesLatencyRelativeError,
} from './aggregate/latency-digest.js';
export { parseBucket } from './aggregate/parse-bucket.js';
export { splitAtLines } from './aggregate/read-range.js';
export type {
  GroupFigures,
  JurisdictionFigures,
  ProviderCost,
  Report,
  ReportGroup,
  SeriesBucket,
  TargetCost,
  TokenTotals,
} from './aggregate/report.js';
export { type AggregateOptions, ReportAggregator } from './aggregate/report-aggregator.js';
export {
  type Comparison,
  type ComparisonRow,
  compareReports,
  type FigureDeltas,
  type ShareDelta,
} from './compare/compare-reports.js';
export { ReportInputError } from './errors/report-input-error.js';
export type { BadLine } from './read/bad-line.js';
export { checkRecord, maxRecordAmount, recordInconsistency } from './read/check-record.js';
export { describeRecordIssue } from './read/describe-record-issue.js';
export {
  eventsOrigin,
  parseEvents,
  type ReportEvent,
  type ReportEventInput,
  readEventsFile,
  readEventsJson,
} from './read/read-events.js';
export {
  type ReadRecordsOptions,
  type ReadStats,
  type RecordReader,
  type RecordSource,
  type RecordStream,
  type RecordValidation,
  readRecords,
} from './read/read-records.js';
export { emptyRecordsError, refuseEmptyRecords } from './read/refuse-empty-records.js';
export { assertionCountWords } from './render/assertion-count-words.js';
export { escapeHtml } from './render/escape-html.js';
export { cleanUsd, formatOffset, formatPoints, formatSigned, formatUsd } from './render/format.js';
export { htmlCharts, htmlStyle, htmlTable, renderHtml } from './render/render-html.js';
export { renderJson } from './render/render-json.js';
export { escapeMarkdownCell, renderMarkdown } from './render/render-markdown.js';
export { renderTablePage, renderTableText } from './render/render-table-page.js';
export { renderTerminal, terminalTable } from './render/render-terminal.js';
export {
  isLocalTarget,
  type ReportCheck,
  type ReportPresentation,
  targetLabel,
} from './render/report-presentation.js';
export { formatInstant, type ReportTable, reportTables, verdictLine } from './render/report-tables.js';
export { type WriteReportOptions, type WrittenReport, writeReport } from './write-report.js';
