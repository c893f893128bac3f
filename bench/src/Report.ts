/**
 * The results file and its markdown table.
 *
 * @since 0.1.0
 */
import * as os from "node:os"

/**
 * A flat results object: dotted keys, numbers, plus a few strings (`node`, `cpu`, `date`, the headline transport).
 *
 * @since 0.1.0
 * @category models
 */
export type Results = Record<string, number | string>

/**
 * The keys the issue requires (numbers), in report order.
 */
const requiredKeys = [
  "get.ratio_client_to_raw",
  "get.ratio_sdk_to_raw",
  "messages100.ratio_client_to_raw",
  "messages100.ratio_sdk_to_raw",
  "requests.send.ratio_client_to_raw",
  "decode.messages_per_s",
  "decode.ratio_to_json_parse",
  "stream.one_conversation.messages_per_s",
  "stream.heap_growth_mb_4x_vs_1x",
  "stream.many_conversations.messages_per_s",
  "mock.search.median_ms",
  "mock.get.median_ms",
  "mock.messages.median_ms",
  "mock.search.p99_ms",
  "mock.seed_s",
  "mock.mixed.search.p50_ms",
  "mock.mixed.search.p99_ms",
  "mock.export_page_500.p50_ms",
  ...["fixed", "sliding", "sandbox"].flatMap((kind) =>
    [1, 4, 8, 16].flatMap((c) => [`rate_budget.${kind}.c${c}.r429`, `rate_budget.${kind}.c${c}.wall_over_ideal`])
  ),
  "rate_budget.two_processes.r429_after_first_window",
  "rate_budget.two_processes.throughput_ratio",
  "webhooks.verify_per_s",
  "webhooks.e2e_latency_p50_ms"
]

/**
 * The machine the run happened on.
 *
 * @since 0.1.0
 * @category constructors
 */
export const machine = (): Results => ({
  node: process.version,
  cpu: `${os.cpus()[0]?.model.trim() ?? "unknown"} × ${os.cpus().length}`,
  date: new Date().toISOString(),
  "machine.memory_gb": Math.round(os.totalmem() / 1024 ** 3),
  "machine.platform": `${os.platform()} ${os.release()}`,
  // Other work on the machine shows up here: absolute figures of a loaded run are slower, ratios less so.
  "machine.loadavg_1m_start": Math.round((os.loadavg()[0] ?? Number.NaN) * 100) / 100
})

/**
 * The keys that are missing or not finite numbers: an empty list means the results are complete.
 *
 * @since 0.1.0
 * @category validation
 */
export const problems = (results: Results): Array<string> => {
  const out: Array<string> = []
  for (const key of requiredKeys) {
    const value = results[key]
    if (typeof value !== "number" || !Number.isFinite(value)) out.push(`${key} = ${String(value)}`)
  }
  for (const key of ["node", "cpu", "date"]) {
    if (typeof results[key] !== "string") out.push(`${key} is not a string`)
  }
  return out
}

interface Row {
  readonly what: string
  readonly key: string
  readonly unit: string
  readonly target?: { readonly text: string; readonly met: (value: number) => boolean }
}

/** The route ids of the mixed load (`MixedLoad.ts`), in report order, with their table labels. */
const mixedRoutes: ReadonlyArray<readonly [string, string]> = [
  ["search", "search page"],
  ["getConversation", "get conversation"],
  ["getMessages", "messages page"],
  ["getMessage", "get message"],
  ["exportMessages", "export page of 100"],
  ["sendMessage", "send message"],
  ["addInboundMessage", "add inbound message"],
  ["updateConversation", "update conversation"],
  ["updateMessageStatus", "update message status"]
]

const rows: ReadonlyArray<Row> = [
  { what: "Get Conversation: raw fetch + JSON.parse", key: "get.raw_median_us", unit: "µs/request" },
  { what: "Get Conversation: client (headline transport)", key: "get.client_median_us", unit: "µs/request" },
  {
    what: "Get Conversation: client / raw",
    key: "get.ratio_client_to_raw",
    unit: "×",
    target: { text: "≤ 1.3", met: (v) => v <= 1.3 }
  },
  { what: "Get Conversation: client over undici / raw", key: "get.ratio_client_undici_to_raw", unit: "×" },
  { what: "Get Conversation: client over fetch / raw", key: "get.ratio_client_fetch_to_raw", unit: "×" },
  { what: "Get Conversation: official SDK / raw", key: "get.ratio_sdk_to_raw", unit: "×" },
  {
    what: "Get Conversation: bare @effect/platform over undici / raw (diagnostic)",
    key: "get.ratio_platform_undici_to_raw",
    unit: "×"
  },
  {
    what: "Get Conversation: bare @effect/platform over fetch / raw (diagnostic)",
    key: "get.ratio_platform_fetch_to_raw",
    unit: "×"
  },
  { what: "100-message page: raw fetch + JSON.parse", key: "messages100.raw_median_us", unit: "µs/request" },
  { what: "100-message page: client (headline transport)", key: "messages100.client_median_us", unit: "µs/request" },
  {
    what: "100-message page: client / raw",
    key: "messages100.ratio_client_to_raw",
    unit: "×",
    target: { text: "≤ 1.6", met: (v) => v <= 1.6 }
  },
  { what: "100-message page: client over undici / raw", key: "messages100.ratio_client_undici_to_raw", unit: "×" },
  { what: "100-message page: client over fetch / raw", key: "messages100.ratio_client_fetch_to_raw", unit: "×" },
  { what: "100-message page: official SDK / raw", key: "messages100.ratio_sdk_to_raw", unit: "×" },
  {
    what: "100-message page: bare @effect/platform over undici / raw (diagnostic)",
    key: "messages100.ratio_platform_undici_to_raw",
    unit: "×"
  },
  {
    what: "100-message page: bare @effect/platform over fetch / raw (diagnostic)",
    key: "messages100.ratio_platform_fetch_to_raw",
    unit: "×"
  },
  { what: "Send Message: raw fetch (undici) + JSON.parse", key: "requests.send.raw_median_us", unit: "µs/request" },
  { what: "Send Message: client over undici", key: "requests.send.client_undici_median_us", unit: "µs/request" },
  {
    what: "Send Message: client / raw (faster transport)",
    key: "requests.send.ratio_client_to_raw",
    unit: "×",
    target: { text: "≤ 1.3", met: (v) => v <= 1.3 }
  },
  { what: "Send Message: client over undici / raw", key: "requests.send.ratio_client_undici_to_raw", unit: "×" },
  { what: "Send Message: client over fetch / raw", key: "requests.send.ratio_client_fetch_to_raw", unit: "×" },
  { what: "Send Message: official SDK / raw", key: "requests.send.ratio_sdk_to_raw", unit: "×" },
  {
    what: "Send Message: bare @effect/platform over undici / raw (diagnostic)",
    key: "requests.send.ratio_platform_undici_to_raw",
    unit: "×"
  },
  { what: "Client decoder (pre-parsed JSON)", key: "decode.messages_per_s", unit: "messages/s" },
  { what: "JSON.parse alone", key: "decode.json_parse_messages_per_s", unit: "messages/s" },
  { what: "Client decoder time / JSON.parse time", key: "decode.ratio_to_json_parse", unit: "×" },
  { what: "Text → JSON.parse → client decoder", key: "decode.end_to_end_messages_per_s", unit: "messages/s" },
  {
    what: "Schema decoder alone (the specification, the fallback)",
    key: "decode.schema_messages_per_s",
    unit: "messages/s"
  },
  { what: "Schema decoder time / JSON.parse time", key: "decode.schema_ratio_to_json_parse", unit: "×" },
  { what: "Diagnostic, no I/O: client get, defaults", key: "overhead.get.default_us", unit: "µs/call" },
  {
    what: "Diagnostic, no I/O: client get, no limiter, no retries",
    key: "overhead.get.no_rate_limit_no_retry_us",
    unit: "µs/call"
  },
  {
    what: "Diagnostic, no I/O: in-memory transport + JSON.parse, get",
    key: "overhead.get.in_memory_transport_us",
    unit: "µs/call"
  },
  {
    what: "Diagnostic, no I/O: client 100-message page, defaults",
    key: "overhead.messages100.default_us",
    unit: "µs/call"
  },
  {
    what: "Diagnostic, no I/O: in-memory transport + JSON.parse, page",
    key: "overhead.messages100.in_memory_transport_us",
    unit: "µs/call"
  },
  {
    what: "Diagnostic: one Effect.fn call (span + call-site capture)",
    key: "overhead.blocks.effect_fn_us",
    unit: "µs/call"
  },
  { what: "Diagnostic: one Effect.timeoutFail", key: "overhead.blocks.timeout_fail_us", unit: "µs/call" },
  { what: "Diagnostic: one Effect.withSpan", key: "overhead.blocks.with_span_us", unit: "µs/call" },
  {
    what: "Diagnostic: one Effect.retry (recurs 3), no failure",
    key: "overhead.blocks.retry_recurs_3_us",
    unit: "µs/call"
  },
  { what: "Stream one conversation (large size)", key: "stream.one_conversation.messages_per_s", unit: "messages/s" },
  {
    what: "Stream many conversations, concurrency 8 (large size)",
    key: "stream.many_conversations.messages_per_s",
    unit: "messages/s"
  },
  { what: "One conversation: peak heap, small size", key: "stream.one_conversation.1x.peak_heap_mb", unit: "MB" },
  { what: "One conversation: peak heap, large size", key: "stream.one_conversation.4x.peak_heap_mb", unit: "MB" },
  { what: "Many conversations: peak heap, small size", key: "stream.many_conversations.1x.peak_heap_mb", unit: "MB" },
  { what: "Many conversations: peak heap, large size", key: "stream.many_conversations.4x.peak_heap_mb", unit: "MB" },
  {
    what: "One conversation: live heap (after forced GC), small size",
    key: "stream.one_conversation.1x.peak_live_heap_mb",
    unit: "MB"
  },
  { what: "One conversation: live heap, large size", key: "stream.one_conversation.4x.peak_live_heap_mb", unit: "MB" },
  {
    what: "Many conversations: live heap, small size",
    key: "stream.many_conversations.1x.peak_live_heap_mb",
    unit: "MB"
  },
  {
    what: "Many conversations: live heap, large size",
    key: "stream.many_conversations.4x.peak_live_heap_mb",
    unit: "MB"
  },
  {
    what: "Raw peak heap growth incl. uncollected garbage (many conversations)",
    key: "stream.many_conversations.raw_peak_heap_growth_mb",
    unit: "MB"
  },
  { what: "One conversation: peak RSS, large size", key: "stream.one_conversation.4x.peak_rss_mb", unit: "MB" },
  { what: "Many conversations: peak RSS, large size", key: "stream.many_conversations.4x.peak_rss_mb", unit: "MB" },
  {
    what: "Live heap growth, large vs small size (worse workload)",
    key: "stream.heap_growth_mb_4x_vs_1x",
    unit: "MB",
    target: { text: "≤ 30", met: (v) => v <= 30 }
  },
  { what: "Mock data set: conversations", key: "mock.conversations", unit: "" },
  { what: "Mock data set: messages", key: "mock.messages", unit: "" },
  {
    what: "Mock search page: median",
    key: "mock.search.median_ms",
    unit: "ms",
    target: { text: "< 2", met: (v) => v < 2 }
  },
  { what: "Mock search page: p99", key: "mock.search.p99_ms", unit: "ms" },
  {
    what: "Mock get conversation: median",
    key: "mock.get.median_ms",
    unit: "ms",
    target: { text: "< 2", met: (v) => v < 2 }
  },
  { what: "Mock get conversation: p99", key: "mock.get.p99_ms", unit: "ms" },
  {
    what: "Mock messages page: median",
    key: "mock.messages.median_ms",
    unit: "ms",
    target: { text: "< 2", met: (v) => v < 2 }
  },
  { what: "Mock messages page: p99", key: "mock.messages.p99_ms", unit: "ms" },
  {
    what: "Mock seeding time",
    key: "mock.seed_s",
    unit: "s",
    target: { text: "< 3", met: (v) => v < 3 }
  },
  // The mixed load (90 % reads, 10 % writes; mock and load generator in separate processes): every route's p50 and
  // p99 against the issue's targets, then the export page of 500.
  ...mixedRoutes.flatMap(([route, label]): Array<Row> => [
    {
      what: `Mock mixed load, ${label}: p50`,
      key: `mock.mixed.${route}.p50_ms`,
      unit: "ms",
      target: { text: "< 2", met: (v) => v < 2 }
    },
    {
      what: `Mock mixed load, ${label}: p99`,
      key: `mock.mixed.${route}.p99_ms`,
      unit: "ms",
      target: { text: "< 10", met: (v) => v < 10 }
    }
  ]),
  {
    what: "Mock export page of 500 (a walk, sends during it): p50",
    key: "mock.export_page_500.p50_ms",
    unit: "ms",
    target: { text: "< 10", met: (v) => v < 10 }
  },
  { what: "Mock export page of 500: p99", key: "mock.export_page_500.p99_ms", unit: "ms" },
  ...(["fixed", "sliding", "sandbox"] as const).flatMap((kind): Array<Row> => {
    const label = kind === "sandbox" ? "sandbox limit 25/10 s (smaller workload)" : `100/10 s, ${kind} window`
    return [1, 4, 8, 16].flatMap((c): Array<Row> => [
      {
        what: `Rate budget, ${label}, concurrency ${c}: 429s`,
        key: `rate_budget.${kind}.c${c}.r429`,
        unit: "responses",
        target: { text: "0", met: (v) => v === 0 }
      },
      {
        what: `Rate budget, ${label}, concurrency ${c}: wall ÷ ideal`,
        key: `rate_budget.${kind}.c${c}.wall_over_ideal`,
        unit: "×",
        ...(c >= 4 ? { target: { text: "≤ 1.05", met: (v: number) => v <= 1.05 } } : {})
      }
    ])
  }),
  {
    what: "Rate budget, two processes on one location: 429s after the first window",
    key: "rate_budget.two_processes.r429_after_first_window",
    unit: "responses",
    target: { text: "0", met: (v) => v === 0 }
  },
  { what: "Rate budget, two processes: 429s in all", key: "rate_budget.two_processes.r429", unit: "responses" },
  {
    what: "Rate budget, two processes: combined throughput ÷ one process (requests per second)",
    key: "rate_budget.two_processes.throughput_ratio",
    unit: "×",
    target: { text: "≥ 0.9", met: (v) => v >= 0.9 }
  },
  {
    what: "Webhook verify (signature, JSON, event, window), ~600-byte event",
    key: "webhooks.verify_per_s",
    unit: "deliveries/s"
  },
  {
    what: "Webhook Ed25519 signature check alone (node:crypto)",
    key: "webhooks.signature_verify_per_s",
    unit: "checks/s"
  },
  { what: "Webhook accept (verify + seen-id claim + queue)", key: "webhooks.accept_per_s", unit: "deliveries/s" },
  {
    what: "Live mirror: mock write → signed webhook → SQLite row, p50 (100 writes/s, 1,000 writes)",
    key: "webhooks.e2e_latency_p50_ms",
    unit: "ms"
  },
  { what: "Live mirror: the same, p99", key: "webhooks.e2e_latency_p99_ms", unit: "ms" },
  {
    what: "Live mirror: events applied per second (sent at 100/s)",
    key: "webhooks.e2e_events_per_s",
    unit: "events/s",
    target: { text: "≥ 95 (keeps up)", met: (v) => v >= 95 }
  },
  { what: "Live mirror: CPU of the receiver's process per event", key: "webhooks.e2e_cpu_ms_per_event", unit: "ms" }
]

const format = (value: number | string | undefined): string =>
  value === undefined
    ? "n/a"
    : typeof value === "string"
    ? value
    : Math.abs(value) >= 1000
    ? Math.round(value).toLocaleString("en-US")
    : String(value)

/**
 * The markdown table of a run, with the machine and the headline transport under it.
 *
 * @since 0.1.0
 * @category formatting
 */
export const markdown = (results: Results): string => {
  const headline = results["client.headline_transport"]
  const lines = [
    "| measure | value | unit | target | met |",
    "| --- | ---: | --- | --- | --- |",
    ...rows.map((row) => {
      const key = row.key.replace(".client_median_us", `.client_${String(headline)}_median_us`)
      const value = results[key]
      const met = row.target === undefined || typeof value !== "number"
        ? ""
        : row.target.met(value)
        ? "yes"
        : "**no**"
      return `| ${row.what} | ${format(value)} | ${row.unit} | ${row.target?.text ?? ""} | ${met} |`
    }),
    "",
    `Machine: ${String(results.cpu)}, ${String(results["machine.memory_gb"])} GB, ${
      String(results["machine.platform"])
    }, Node ${String(results.node)}; run ${String(results.date)}; load average ${
      String(results["machine.loadavg_1m_start"])
    } at the start, ${String(results["machine.loadavg_1m_end"])} at the end (2 cores: other work was running). ` +
    `Headline client transport: ${String(headline)} (the faster of the two here).`,
    // A section run on its own (`--only=… --merge`) says when, and under what load.
    ...(results["webhooks.date"] === undefined ? [] : [
      "",
      `Webhook rows: their own run (\`--only=webhooks --merge\`) on ${String(results["webhooks.date"])}, load ` +
      `average ${String(results["webhooks.loadavg_1m_start"])} at the start, ` +
      `${String(results["webhooks.loadavg_1m_end"])} at the end.`
    ]),
    ...(results["mock.mixed.loadavg_1m_start"] === undefined ? [] : [
      "",
      `Mock mixed-load rows: ${
        results["mixed.date"] === undefined
          ? ""
          : `their own run (\`--only=mixed --merge\`) on ${String(results["mixed.date"])}, `
      }load average ${String(results["mock.mixed.loadavg_1m_start"])} at the start of the timed requests, ` +
      `${
        String(results["mock.mixed.loadavg_1m_end"])
      } at the end (p99 on 2 shared cores is the machine's as much as the mock's).`
    ]),
    ...(results["rate_budget.date"] === undefined ? [] : [
      "",
      `Rate budget rows: their own run (\`--only=rate_budget --merge\`) on ${String(results["rate_budget.date"])}, ` +
      `load average ${String(results["rate_budget.loadavg_1m_start"])} at the start, ` +
      `${String(results["rate_budget.loadavg_1m_end"])} at the end.`
    ])
  ]
  return `${lines.join("\n")}\n`
}
