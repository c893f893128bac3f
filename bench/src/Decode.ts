/**
 * Benchmark 2: decode throughput, in process, no I/O. Four measures interleaved over rounds on the same
 * 100-message wrapped page: `JSON.parse` alone, the client's decoder (the fast path the client runs on every body,
 * which falls back to the Schema) on already-parsed JSON, the whole path from text (`JSON.parse` then that decoder),
 * and the Schema decoder alone (`Schema.decodeUnknownEither(Message.MessagesPageFromWire)`, the specification and
 * the fallback).
 *
 * @since 0.1.0
 */
import { Message } from "@highlevel-effect/client"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
// The client's own decoder is internal (the package blocks `./internal/*`); the benchmark, a private package of this
// repository, imports it by path to measure exactly what the client runs.
import { decodeMessagesPage } from "../../packages/client/src/internal/fastDecode.js"
import { fixedBodies } from "./Fixtures.js"
import { log, median, round } from "./Stats.js"

/**
 * How much to run: each measure runs for `sliceMs` (at most `maxIterations` pages) per round.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly warmupRounds: number
  readonly rounds: number
  readonly sliceMs: number
  readonly maxIterations: number
}

const messagesPerPage = 100

// Pages per second of `f` over one time slice, bounded in count and time.
const slice = (f: () => void, sliceMs: number, maxIterations: number): number => {
  const started = performance.now()
  let iterations = 0
  let now = started
  while (iterations < maxIterations && now - started < sliceMs) {
    f()
    iterations++
    now = performance.now()
  }
  return (iterations * 1000) / (now - started)
}

/**
 * Runs the benchmark. `decode.messages_per_s` is the decoder alone; `decode.ratio_to_json_parse` is how many times
 * longer the decoder takes than `JSON.parse` on the same page; the `end_to_end` keys include the parse.
 *
 * @since 0.1.0
 * @category benchmarks
 */
export const run = (options: Options): Record<string, number> => {
  const text = fixedBodies().page100
  const parsed: unknown = JSON.parse(text)
  const decode = decodeMessagesPage
  const schemaDecode = Schema.decodeUnknownEither(Message.MessagesPageFromWire)
  const check = (result: Either.Either<Message.MessagesPage, unknown>) => {
    if (Either.isLeft(result) || result.right.messages.length !== messagesPerPage) {
      throw new Error("bench: the fixture page did not decode to 100 messages")
    }
  }
  check(decode(parsed))
  check(schemaDecode(parsed))
  const measures = {
    parse: () => {
      JSON.parse(text)
    },
    decode: () => check(decode(parsed)),
    endToEnd: () => check(decode(JSON.parse(text))),
    schema: () => check(schemaDecode(parsed))
  }
  const rates: Record<keyof typeof measures, Array<number>> = { parse: [], decode: [], endToEnd: [], schema: [] }
  const ratios: Array<number> = []
  const endToEndRatios: Array<number> = []
  const schemaRatios: Array<number> = []
  for (let r = 0; r < options.warmupRounds + options.rounds; r++) {
    const parse = slice(measures.parse, options.sliceMs, options.maxIterations)
    const decoded = slice(measures.decode, options.sliceMs, options.maxIterations)
    const endToEnd = slice(measures.endToEnd, options.sliceMs, options.maxIterations)
    const schema = slice(measures.schema, options.sliceMs, options.maxIterations)
    if (r < options.warmupRounds) continue
    rates.parse.push(parse)
    rates.decode.push(decoded)
    rates.endToEnd.push(endToEnd)
    rates.schema.push(schema)
    ratios.push(parse / decoded)
    endToEndRatios.push(parse / endToEnd)
    schemaRatios.push(parse / schema)
  }
  log("decode: done")
  return {
    "decode.messages_per_s": round(median(rates.decode) * messagesPerPage, 0),
    "decode.ratio_to_json_parse": round(median(ratios), 2),
    "decode.json_parse_messages_per_s": round(median(rates.parse) * messagesPerPage, 0),
    "decode.end_to_end_messages_per_s": round(median(rates.endToEnd) * messagesPerPage, 0),
    "decode.end_to_end_ratio_to_json_parse": round(median(endToEndRatios), 2),
    "decode.schema_messages_per_s": round(median(rates.schema) * messagesPerPage, 0),
    "decode.schema_ratio_to_json_parse": round(median(schemaRatios), 2),
    "decode.page_bytes": Buffer.byteLength(text)
  }
}
