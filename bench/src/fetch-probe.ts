/**
 * A diagnostic, not part of `pnpm bench`: where a Get Conversation over the fetch transport spends its time, step by
 * step from raw `fetch` up to the client, against the bench server in its own process. Reports CPU time per request
 * (this process only: the server's work is not in it, and CPU time moves less than wall time on a loaded machine)
 * and wall time, each as the median of interleaved rounds with its median ratio to raw fetch.
 *
 * The "+ 150 Effect ops" steps run one fixed piece of pure Effect work (no I/O) after each request of a transport
 * used as the client uses it (tracer off, a scope per request): next to the same work alone, they show what that
 * work costs after a fetch and after an undici request (see the bench README's fetch transport notes).
 *
 *   node --import tsx bench/src/fetch-probe.ts [rounds] [batch]
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { FetchTransport } from "@highlevel-effect/client"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Scope from "effect/Scope"
import * as Child from "./Child.js"
import * as Clients from "./Clients.js"
import { fixedOwner } from "./Fixtures.js"
import { median } from "./Stats.js"

const rounds = Number(process.argv[2] ?? "14")
const batch = Number(process.argv[3] ?? "200")

const server = await Child.startServer()
const url = `${server.url}/conversations/${fixedOwner.conversationId}`
const headers = { authorization: "Bearer bench-token", version: "2021-04-15", accept: "application/json" }
const platformRequest = HttpClientRequest.get(url).pipe(HttpClientRequest.setHeaders(headers))
const fetchRuntime = ManagedRuntime.make(FetchHttpClient.layer)
const leanRuntime = ManagedRuntime.make(FetchTransport.layer)
const undiciRuntime = ManagedRuntime.make(NodeHttpClient.layerUndici)
const client = Clients.ourClient(server.url, "fetch")
const clientLean = Clients.ourClient(server.url, "lean-fetch")
const clientUndici = Clients.ourClient(server.url, "undici")
const sdk = Clients.officialSdk(server.url)

const times = (n: number, effect: Effect.Effect<void>) =>
  Effect.runPromise(Effect.gen(function*() {
    for (let i = 0; i < n; i++) yield* effect
  }))

// About 600 Effect operations, no I/O: a stand-in for what the client runs around one request.
const work = Effect.forEach(
  Array.from({ length: 150 }, (_, i) => i),
  (i) => Effect.map(Effect.succeed(i), (x) => x + 1),
  {
    discard: true
  }
)

// A transport as the client drives it: no platform span, a scope (an `AbortController`) per request, left open on
// success as the client's attempts leave it; optionally `work` after every request.
const scoped =
  (runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>, withWork: boolean) => (n: number) =>
    runtime.runPromise(
      Effect.gen(function*() {
        const http = (yield* HttpClient.HttpClient).pipe(
          HttpClient.withTracerDisabledWhen(() => true),
          HttpClient.withScope
        )
        for (let i = 0; i < n; i++) {
          const scope = yield* Scope.make()
          const response = yield* Effect.mapInputContext(
            http.execute(platformRequest),
            (context: Context.Context<never>) => Context.add(context, Scope.Scope, scope)
          )
          JSON.parse(yield* response.text)
          if (withWork) yield* work
        }
      }).pipe(Effect.orDie)
    )

const steps: Record<string, (n: number) => Promise<void>> = {
  // The floor.
  "raw fetch + text": async (n) => {
    for (let i = 0; i < n; i++) JSON.parse(await (await fetch(url, { headers })).text())
  },
  // The same two promises, each awaited by an Effect: what an async boundary costs.
  "Effect.tryPromise(fetch), Effect.tryPromise(text)": (n) =>
    times(
      n,
      Effect.flatMap(
        Effect.orDie(Effect.tryPromise(() => fetch(url, { headers }))),
        (response) => Effect.orDie(Effect.map(Effect.tryPromise(() => response.text()), JSON.parse))
      )
    ),
  // The same response read through the platform's `HttpClientResponse.text` (cached, run synchronously).
  "Effect.tryPromise(fetch), HttpClientResponse.text": (n) =>
    times(
      n,
      Effect.flatMap(
        Effect.orDie(Effect.tryPromise(() => fetch(url, { headers }))),
        (response) => Effect.orDie(Effect.map(HttpClientResponse.fromWeb(platformRequest, response).text, JSON.parse))
      )
    ),
  // `FetchHttpClient` as it comes, tracer on (its default).
  "bare FetchHttpClient": (n) =>
    fetchRuntime.runPromise(
      Effect.gen(function*() {
        const http = yield* HttpClient.HttpClient
        for (let i = 0; i < n; i++) JSON.parse(yield* (yield* http.execute(platformRequest)).text)
      }).pipe(Effect.orDie)
    ),
  // The client package's lean fetch transport (FetchTransport.ts), tracer on like the line above.
  "lean transport bare": (n) =>
    leanRuntime.runPromise(
      Effect.gen(function*() {
        const http = yield* HttpClient.HttpClient
        for (let i = 0; i < n; i++) JSON.parse(yield* (yield* http.execute(platformRequest)).text)
      }).pipe(Effect.orDie)
    ),
  "lean transport, no span, scoped": scoped(leanRuntime, false),
  "undici transport, no span, scoped": scoped(undiciRuntime, false),
  "lean transport, no span, scoped + 150 Effect ops": scoped(leanRuntime, true),
  "undici transport, no span, scoped + 150 Effect ops": scoped(undiciRuntime, true),
  "150 Effect ops alone": (n) => times(n, work),
  "client over fetch": (n) => client.get(n),
  "client over lean transport": (n) => clientLean.get(n),
  "client over undici": (n) => clientUndici.get(n),
  // The target of issue 15: the client's fetch path no slower than this.
  "official SDK (axios)": (n) => sdk.get(n)
}

const names = Object.keys(steps)
const cpu: Record<string, Array<number>> = Object.fromEntries(names.map((name) => [name, []]))
const wall: Record<string, Array<number>> = Object.fromEntries(names.map((name) => [name, []]))
try {
  for (let round = 0; round < rounds + 2; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length] ?? ""
      const run = steps[name]
      if (run === undefined) continue
      const startedCpu = process.cpuUsage()
      const startedWall = performance.now()
      await run(batch)
      const usedCpu = process.cpuUsage(startedCpu)
      // The first two rounds warm up.
      if (round < 2) continue
      cpu[name]?.push((usedCpu.user + usedCpu.system) / batch)
      wall[name]?.push(((performance.now() - startedWall) * 1000) / batch)
    }
  }
  const floor = names[0] ?? ""
  const ratio = (samples: Record<string, Array<number>>, name: string) =>
    median((samples[name] ?? []).map((value, i) => value / (samples[floor]?.[i] ?? Number.NaN)))
  for (const name of names) {
    process.stdout.write(
      `${name.padEnd(52)} cpu ${median(cpu[name] ?? []).toFixed(0).padStart(5)} µs ×${ratio(cpu, name).toFixed(2)}` +
        `   wall ${median(wall[name] ?? []).toFixed(0).padStart(5)} µs ×${ratio(wall, name).toFixed(2)}\n`
    )
  }
} finally {
  await client.close()
  await clientLean.close()
  await leanRuntime.dispose()
  await undiciRuntime.dispose()
  await clientUndici.close()
  await sdk.close()
  await fetchRuntime.dispose()
  await server.stop()
}
