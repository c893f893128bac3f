/**
 * Counts the HTTP requests a sync sends (every attempt, retries included), for its summary and the `runs` table:
 * the number that the rate budget (100 per 10 s per location) is spent on.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"

/**
 * The running count.
 *
 * @since 0.1.0
 * @category services
 */
export class RequestCount extends Context.Tag("@highlevel-effect/examples/sync/Requests/RequestCount")<
  RequestCount,
  Ref.Ref<number>
>() {}

/**
 * The current count.
 *
 * @since 0.1.0
 * @category accessors
 */
export const current: Effect.Effect<number, never, RequestCount> = Effect.flatMap(RequestCount, Ref.get)

/**
 * A counter, and the `HttpClient` of the layer below decorated to count every request it sends.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<RequestCount | HttpClient.HttpClient, never, HttpClient.HttpClient> = Layer
  .effectContext(
    Effect.gen(function*() {
      const count = yield* Ref.make(0)
      const client = yield* HttpClient.HttpClient
      const counted = HttpClient.tapRequest(client, () => Ref.update(count, (n) => n + 1))
      return Context.make(RequestCount, count).pipe(Context.add(HttpClient.HttpClient, counted))
    })
  )
