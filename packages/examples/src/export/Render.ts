/**
 * The export's reports as text: a progress line and a summary with its table of messages per type.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import type { Progress, Summary } from "./Model.js"

const number = (n: number) => n.toLocaleString("en-US")

const seconds = (duration: Duration.Duration) => `${(Duration.toMillis(duration) / 1000).toFixed(1)} s`

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`

/**
 * A progress snapshot as one line: conversations done/total, messages, rate and ETA.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderProgress = (progress: Progress): string => {
  const elapsedSeconds = Duration.toMillis(progress.elapsed) / 1000
  const rate = elapsedSeconds > 0 ? progress.messages / elapsedSeconds : 0
  const doneThisRun = progress.conversationsDone - progress.conversationsResumed
  const remaining = Math.max(0, progress.conversationsTotal - progress.conversationsDone)
  const eta = remaining === 0
    ? "0s"
    : doneThisRun > 0 && elapsedSeconds > 0
    ? `${Math.ceil(remaining / (doneThisRun / elapsedSeconds))}s`
    : "?"
  return `conversations ${number(progress.conversationsDone)}/${number(progress.conversationsTotal)} · messages ${
    number(progress.messages)
  } · ${number(Math.round(rate))} msg/s · ETA ${eta}`
}

/**
 * A summary as a few lines: totals, then a table of messages per type and direction.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderSummary = (summary: Summary): string => {
  const elapsedSeconds = Duration.toMillis(summary.elapsed) / 1000
  const lines = [
    `Exported ${number(summary.messages)} messages of ${number(summary.conversations)} conversations to ${
      summary.output === "-" ? "stdout" : summary.output
    } (${size(summary.bytes)}) in ${seconds(summary.elapsed)}`
  ]
  if (summary.conversationsResumed > 0) {
    lines.push(
      `  ${number(summary.conversationsResumed)} conversations came from an earlier run (resumed from the checkpoint)`
    )
  } else if (elapsedSeconds > 0) {
    lines.push(`  ${number(Math.round(summary.messages / elapsedSeconds))} messages/s`)
  }
  if (summary.byType.length > 0) {
    const width = Math.max(12, ...summary.byType.map((row) => row.messageType.length))
    const cell = (value: string | number) => (typeof value === "number" ? number(value) : value).padStart(9)
    const other = summary.byType.some((row) => row.other > 0)
    lines.push(
      "",
      `  ${"type".padEnd(width)}${cell("inbound")}${cell("outbound")}${other ? cell("other") : ""}${cell("total")}`
    )
    for (const row of summary.byType) {
      lines.push(
        `  ${row.messageType.padEnd(width)}${cell(row.inbound)}${cell(row.outbound)}${other ? cell(row.other) : ""}${
          cell(row.inbound + row.outbound + row.other)
        }`
      )
    }
  }
  return lines.join("\n")
}
