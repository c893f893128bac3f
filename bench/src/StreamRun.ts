/**
 * What the parent and a streaming child exchange.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { conversationWith } from "./BenchServer.js"

/**
 * The input of one streaming run (passed as JSON on the command line).
 *
 * @since 0.1.0
 * @category models
 */
export const Input = Schema.Struct({
  baseUrl: Schema.String,
  transport: Schema.Literal("undici", "fetch", "lean-fetch"),
  workload: Schema.Literal("one", "many"),
  conversations: Schema.Int,
  messagesPerConversation: Schema.Int,
  concurrency: Schema.Int,
  sampleEveryMs: Schema.Int
})

/**
 * @since 0.1.0
 * @category models
 */
export type Input = typeof Input.Type

/**
 * Parses the command-line argument of a child; a bad argument is a bug in the parent, so it throws.
 *
 * @since 0.1.0
 * @category parsing
 */
export const decodeInput = (arg: string | undefined): Input =>
  Schema.decodeUnknownSync(Schema.parseJson(Input))(arg ?? "")

/**
 * What a child reports.
 *
 * @since 0.1.0
 * @category models
 */
export interface Output {
  readonly messages: number
  readonly seconds: number
  readonly baselineHeapBytes: number
  readonly peakHeapBytes: number
  /** The largest heap measured right after a forced full GC: what the run really retains, free of GC timing. */
  readonly peakLiveHeapBytes: number
  readonly baselineRssBytes: number
  readonly peakRssBytes: number
  readonly heapLimitBytes: number
}

/**
 * Decodes a child's report.
 *
 * @since 0.1.0
 * @category parsing
 */
export const decodeOutput = Schema.decodeUnknownSync(Schema.Struct({
  messages: Schema.Number,
  seconds: Schema.Number,
  baselineHeapBytes: Schema.Number,
  peakHeapBytes: Schema.Number,
  peakLiveHeapBytes: Schema.Number,
  baselineRssBytes: Schema.Number,
  peakRssBytes: Schema.Number,
  heapLimitBytes: Schema.Number
}))

/**
 * The id of the long conversation of the one-conversation workload.
 *
 * @since 0.1.0
 * @category constructors
 */
export const longConversation = (messages: number): string => conversationWith(messages, 0)
