/**
 * Order statistics and formatting for the benchmark reports.
 *
 * @since 0.1.0
 */

/**
 * The median of `values` (the mean of the two middle values for an even count).
 *
 * @since 0.1.0
 * @category statistics
 */
export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] ?? Number.NaN
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2
}

/**
 * Rounds to `digits` significant decimals, so results files stay readable.
 *
 * @since 0.1.0
 * @category formatting
 */
export const round = (value: number, digits = 3): number => {
  if (!Number.isFinite(value)) return value
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/**
 * Bytes to mebibytes.
 *
 * @since 0.1.0
 * @category formatting
 */
export const mb = (bytes: number): number => bytes / (1024 * 1024)

/**
 * Writes a progress line to stderr (stdout carries the final table).
 *
 * @since 0.1.0
 * @category formatting
 */
export const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`)
}
