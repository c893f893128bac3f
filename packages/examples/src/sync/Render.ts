/**
 * The sync's reports as text: the progress line (redrawn on a terminal) and the one-line summary that ends its
 * standard output.
 *
 * @since 0.1.0
 */
import type { SyncProgress, SyncSummary } from "./Model.js"

const count = (n: number) => n.toLocaleString("en-US")

const seconds = (millis: number) => millis < 10_000 ? `${(millis / 1000).toFixed(1)}s` : `${Math.round(millis / 1000)}s`

const width = 20

/**
 * `[#######-------] 4,500/12,000 messages · 1,210/s · ETA 6s · 14 requests (budget 100/10s)`; without a total (the
 * per-conversation strategy) the bar and ETA are left out.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderProgress = (progress: SyncProgress): string => {
  const rate = progress.elapsedMillis > 0 ? (progress.messagesRead * 1000) / progress.elapsedMillis : 0
  const total = progress.messagesTotal
  const parts: Array<string> = []
  if (progress.phase === "conversations") {
    parts.push(`${count(progress.messagesRead)} messages · ${count(progress.conversationsRead)} conversations`)
  } else if (total !== undefined && total > 0) {
    const done = Math.min(1, progress.messagesRead / total)
    const filled = Math.round(done * width)
    parts.push(
      `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count(progress.messagesRead)}/${count(total)} messages`
    )
    parts.push(`${count(Math.round(rate))}/s`)
    if (rate > 0) parts.push(`ETA ${seconds(((total - progress.messagesRead) / rate) * 1000)}`)
  } else {
    parts.push(`${count(progress.messagesRead)} messages`, `${count(Math.round(rate))}/s`)
  }
  const budget = progress.budget !== undefined
    ? ` (budget ${progress.budget.limit}/${seconds(progress.budget.intervalMillis)})`
    : ""
  parts.push(`${count(progress.requests)} requests${budget}`)
  return parts.join(" · ")
}

/**
 * The last line of the command's standard output, for scripts:
 * `synced loc_1: 412 messages and 30 conversations written, 2 conversations deleted, 37 requests (full, 2.1s)`.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderSummary = (summary: SyncSummary): string =>
  `synced ${summary.locationId}: ${count(summary.messagesWritten)} messages and ` +
  `${count(summary.conversationsWritten)} conversations written, ${count(summary.conversationsDeleted)} ` +
  `conversations deleted, ${count(summary.requests)} requests (${summary.kind}, ${summary.strategy} strategy, ` +
  `${count(summary.messagesRead)} messages read, ${seconds(summary.elapsedMillis)})`
