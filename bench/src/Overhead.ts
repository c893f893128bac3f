/**
 * Diagnostic: where the client's own time goes, without I/O. The client runs over an in-memory `HttpClient` that
 * answers every request with the fixed bodies, with its features toggled (limiter, retries), next to the same
 * in-memory client used bare, and next to the Effect building blocks the client wraps around every attempt. All
 * variants run interleaved over rounds; medians are reported in microseconds per call.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { ConversationsClient } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import { neverWaitingRateLimit } from "./Clients.js"
import { fixedBodies, fixedOwner } from "./Fixtures.js"
import { log, median, round } from "./Stats.js"

/**
 * How much to run: each variant makes `calls` calls per round.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly warmupRounds: number
  readonly rounds: number
  readonly getCalls: number
  readonly pageCalls: number
}

const bodies = fixedBodies()

// Answers at once with a fresh web Response of the right body, as a transport would.
const inMemory = HttpClient.make((request) =>
  Effect.sync(() =>
    HttpClientResponse.fromWeb(
      request,
      new Response(request.url.includes("/messages") ? bodies.page100 : bodies.conversation, {
        status: 200,
        headers: { "content-type": "application/json" }
      })
    )
  )
)

const variants = {
  default: { rateLimit: neverWaitingRateLimit },
  no_rate_limit: { rateLimit: false },
  no_retry: { rateLimit: neverWaitingRateLimit, retry: false },
  no_rate_limit_no_retry: { rateLimit: false, retry: false }
} as const

type Kind = "get" | "messages100"

/**
 * Runs the diagnostic and returns flat keys `overhead.<kind>.<variant>_us`, plus the cost of the Effect building
 * blocks alone (`overhead.blocks.*_us`).
 *
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (options: Options): Promise<Record<string, number>> => {
  const runtimes = Object.entries(variants).map(([name, settings]) =>
    [
      name,
      ManagedRuntime.make(
        ConversationsClient.layer({ token: Redacted.make("bench-token"), baseUrl: "http://bench.invalid", ...settings })
          .pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemory)))
      )
    ] as const
  )
  const id = fixedOwner.conversationId
  const clientLoop = (kind: Kind, n: number) =>
    Effect.gen(function*() {
      const client = yield* ConversationsClient.ConversationsClient
      for (let i = 0; i < n; i++) {
        if (kind === "get") yield* client.getConversation(id)
        else yield* client.getMessagesPage(id, { limit: 100 })
      }
    })
  // The in-memory transport alone: execute, read the text, JSON.parse; the floor of every variant above.
  const platformLoop = (kind: Kind, n: number) =>
    Effect.gen(function*() {
      const path = kind === "get" ? `/conversations/${id}` : `/conversations/${id}/messages?limit=100`
      for (let i = 0; i < n; i++) {
        const response = yield* inMemory.execute(HttpClientRequest.get(`http://bench.invalid${path}`))
        JSON.parse(yield* response.text)
      }
    })
  const traced = Effect.fn("bench.traced")(function*() {
    return yield* Effect.void
  })
  const blocks = {
    effect_fn: Effect.suspend(() => traced()),
    with_span: Effect.withSpan(Effect.void, "bench.span"),
    timeout_fail: Effect.timeoutFail(Effect.promise(() => Promise.resolve(1)), {
      duration: "30 seconds",
      onTimeout: () => "timeout"
    }),
    retry_recurs_3: Effect.retry(Effect.promise(() => Promise.resolve(1)), Schedule.recurs(3)),
    promise: Effect.promise(() => Promise.resolve(1))
  }
  const blockCalls = 2_000
  const time = async (run: () => Promise<unknown>, n: number) => {
    const started = performance.now()
    await run()
    return ((performance.now() - started) * 1000) / n
  }

  const samples: Record<string, Array<number>> = {}
  const push = (key: string, value: number) => (samples[key] ??= []).push(value)
  try {
    for (let r = 0; r < options.warmupRounds + options.rounds; r++) {
      const keep = r >= options.warmupRounds
      for (const kind of ["get", "messages100"] as const) {
        const n = kind === "get" ? options.getCalls : options.pageCalls
        for (const [name, runtime] of runtimes) {
          const us = await time(() => runtime.runPromise(clientLoop(kind, n)), n)
          if (keep) push(`overhead.${kind}.${name}_us`, us)
        }
        const us = await time(() => Effect.runPromise(platformLoop(kind, n)), n)
        if (keep) push(`overhead.${kind}.in_memory_transport_us`, us)
      }
      for (const [name, block] of Object.entries(blocks)) {
        const us = await time(() => Effect.runPromise(Effect.repeatN(block, blockCalls - 1)), blockCalls)
        if (keep) push(`overhead.blocks.${name}_us`, us)
      }
    }
  } finally {
    for (const [, runtime] of runtimes) await runtime.dispose()
  }
  log("overhead: done")
  return Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, round(median(values), 1)]))
}
