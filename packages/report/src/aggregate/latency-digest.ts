import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

/** Percentiles of a latency distribution, milliseconds. */
export interface LatencySummary {
  /** Values recorded. */
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Relative error of the percentiles in the report's tables: HdrHistogram
 * with 3 significant digits keeps every value within 0.1% (plus the 1 µs
 * unit it records in). The time-series charts use 2 digits (1%) to stay small.
 */
export const latencyRelativeError = 0.001;

/** Relative error of the per-bucket percentiles of the time-series charts (2 significant digits). */
export const seriesLatencyRelativeError = 0.01;

/** A {@link LatencyDigest} as plain data. */
export interface EncodedDigest {
  readonly histogram: string;
  readonly max: number;
  readonly sum: number;
}

/**
 * A latency distribution over an HdrHistogram (`hdr-histogram-js`), recorded
 * in microseconds. Percentiles use the nearest-rank definition: p% of the
 * values are at or below the reported value, within the stated relative error;
 * max and mean are exact.
 */
export class LatencyDigest {
  readonly #histogram: Histogram;
  #max = 0;
  #sum = 0;

  constructor(options: { significantDigits?: 2 | 3 } = {}) {
    this.#histogram = build({
      numberOfSignificantValueDigits: options.significantDigits ?? 3,
      lowestDiscernibleValue: 1,
      highestTrackableValue: 2,
      autoResize: true,
    });
  }

  /** Records one value, milliseconds. */
  record(ms: number): void {
    this.#histogram.recordValue(Math.round(ms * 1000));
    if (ms > this.#max) this.#max = ms;
    this.#sum += ms;
  }

  /** Adds another digest's values into this one. */
  add(other: LatencyDigest): void {
    this.#histogram.add(other.#histogram);
    if (other.#max > this.#max) this.#max = other.#max;
    this.#sum += other.#sum;
  }

  /** The values as plain data (HdrHistogram's compressed base64, exact max and sum), e.g. to send from a worker thread. */
  encode(): EncodedDigest {
    return { histogram: encodeIntoCompressedBase64(this.#histogram), max: this.#max, sum: this.#sum };
  }

  /** Adds the values of an {@link LatencyDigest.encode}d digest. */
  addEncoded(encoded: EncodedDigest): void {
    this.#histogram.add(decodeFromCompressedBase64(encoded.histogram));
    if (encoded.max > this.#max) this.#max = encoded.max;
    this.#sum += encoded.sum;
  }

  /** Values recorded. */
  get count(): number {
    return this.#histogram.totalCount;
  }

  /** p50, p90, p99, max and mean, milliseconds (all 0 when empty). */
  summary(): LatencySummary {
    const histogram = this.#histogram;
    const count = histogram.totalCount;
    if (count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
    // A bucket's highest equivalent value can pass the largest value recorded (1,155 ms for a
    // maximum of 1,152): no percentile is above the maximum.
    const ms = (value: number) => Math.min(value / 1000, this.#max);
    return {
      count,
      p50: ms(histogram.getValueAtPercentile(50)),
      p90: ms(histogram.getValueAtPercentile(90)),
      p99: ms(histogram.getValueAtPercentile(99)),
      max: this.#max,
      mean: this.#sum / count,
    };
  }
}
