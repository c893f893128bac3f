/**
 * The export's reports as text: a progress line and a summary with its table of messages per type.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import type { Progress, Summary } from "./Model.js"
import { describePlan } from "./Options.js"

const number = (n: number) => n.toLocaleString("en-US")

const seconds = (duration: Duration.Duration) => `${(Duration.toMillis(duration) / 1000).toFixed(1)} s`

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`

/**
 * A progress snapshot as one line: conversations done/total (the conversations strategy) or messages done/total
 * (the endpoint strategy), messages, rate and ETA.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderProgress = (progress: Progress): string => {
  const elapsedSeconds = Duration.toMillis(progress.elapsed) / 1000
  const rate = elapsedSeconds > 0 ? progress.messages / elapsedSeconds : 0
  if (progress.strategy === "endpoint") {
    const done = progress.messagesResumed + progress.messages
    const total = progress.messagesTotal
    if (total === undefined) return `messages ${number(done)} · ${number(Math.round(rate))} msg/s`
    const remaining = Math.max(0, total - done)
    const eta = remaining === 0 ? "0s" : rate > 0 ? `${Math.ceil(remaining / rate)}s` : "?"
    return `messages ${number(done)}/${number(total)} · ${number(Math.round(rate))} msg/s · ETA ${eta}`
  }
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
 * A summary as a few lines: totals, the strategy and why, then a table of messages per type and direction.
 * `nameOf` renames the options that chose the strategy (the command says `--status` for `status`).
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderSummary = (summary: Summary, nameOf?: (option: string) => string): string => {
  const elapsedSeconds = Duration.toMillis(summary.elapsed) / 1000
  const lines = [
    `Exported ${number(summary.messages)} messages of ${number(summary.conversations)} conversations to ${
      summary.output === "-" ? "stdout" : summary.output
    } (${size(summary.bytes)}) in ${seconds(summary.elapsed)}`
  ]
  const plan = { strategy: summary.strategy, explicit: summary.strategyExplicit, filters: summary.strategyFilters }
  lines.push(`  strategy ${summary.strategy}: ${describePlan(plan, nameOf)}`)
  if (summary.conversationsResumed > 0) {
    lines.push(
      `  ${number(summary.conversationsResumed)} conversations came from an earlier run (resumed from the checkpoint)`
    )
  } else if (summary.strategy === "endpoint" && summary.messagesResumed > 0) {
    lines.push(`  ${number(summary.messagesResumed)} messages came from an earlier run (resumed from the checkpoint)`)
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
