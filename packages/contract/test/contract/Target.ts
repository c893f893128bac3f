/**
 * What the contract suite needs from a server under test, whichever it is: where it is, the credentials to use, and a
 * transport that records every exchange (so that each body can be checked against the published schemas).
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { ConversationsClient } from "@highlevel-effect/client"
import type { HighLevelMock, MockStore } from "@highlevel-effect/mock-server"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/** One request and its response as they crossed the transport. */
export interface Exchange {
  readonly method: string
  readonly url: URL
  readonly requestHeaders: Readonly<Record<string, string>>
  readonly status: number
  /** The parsed JSON body, or the raw text when it is not JSON. */
  readonly body: unknown
  readonly contentType: string
  readonly json: boolean
}

/** A change the suite makes to a request after the client built it (to cause errors a client could cause). */
export type Tweak = (request: HttpClientRequest.HttpClientRequest) => HttpClientRequest.HttpClientRequest

/** What mock-only assertions may read: the seeded data and the mock's extra credentials. */
interface MockView {
  readonly store: MockStore.Store
  readonly locations: ReadonlyArray<HighLevelMock.MockLocation>
}

/** A server under test. */
export interface TargetService {
  readonly name: "msw" | "http" | "real"
  readonly baseUrl: string
  readonly locationId: string
  readonly token: Redacted.Redacted<string>
  /** A location the token may not read (the mock's second location; a made-up id on the real API). */
  readonly otherLocationId: string
  /** A token without `conversations/message.readonly` (always on the mock; on the real API only if given). */
  readonly tokenWithoutMessagesScope: Option.Option<Redacted.Redacted<string>>
  /** The bare transport (e.g. fetch, undici), before recording; built once, in the target's scope. */
  readonly transport: HttpClient.HttpClient
  /** Paces every request of every client of the suite (a no-op on the mock; HighLevel's burst limit on the API). */
  readonly pace: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Every exchange of the suite so far, oldest first. */
  readonly exchanges: Array<Exchange>
  /** Present on mock targets only. */
  readonly mock: Option.Option<MockView>
}

/** The server under test, provided once per test file. */
export class Target extends Context.Tag("@highlevel-effect/contract/test/Target")<Target, TargetService>() {}

const parse = (text: string): { readonly body: unknown; readonly json: boolean } => {
  try {
    return { body: JSON.parse(text), json: true }
  } catch {
    return { body: text, json: false }
  }
}

/**
 * An HttpClient that applies `tweak` to each finished request, sends it over `inner`, and records the exchange. The
 * response handed on is rebuilt from the bytes read, so the client sees exactly what was recorded.
 */
const recording = (
  inner: HttpClient.HttpClient,
  exchanges: Array<Exchange>,
  tweak: Tweak = (request) => request,
  pace: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> = (effect) => effect
): HttpClient.HttpClient =>
  HttpClient.make((request) =>
    Effect.gen(function*() {
      yield* pace(Effect.void)
      const sent = tweak(request)
      const response = yield* inner.execute(sent)
      // Bytes, not text: a recording is binary, and decoding it as UTF-8 would change what the client reads.
      const bytes = new Uint8Array(yield* response.arrayBuffer)
      const text = new TextDecoder().decode(bytes)
      const url = new URL(sent.url)
      for (const [key, value] of sent.urlParams) url.searchParams.append(key, value)
      exchanges.push({
        method: sent.method,
        url,
        requestHeaders: sent.headers,
        status: response.status,
        contentType: response.headers["content-type"] ?? "",
        ...parse(text)
      })
      return HttpClientResponse.fromWeb(
        sent,
        new Response(bytes, {
          status: response.status,
          headers: new globalThis.Headers(Object.entries(response.headers))
        })
      )
    })
  )

/** Options of a client built for one test. */
export interface ClientOptions {
  /** Replace the target's token (`undefined` keeps it). */
  readonly token?: Redacted.Redacted<string>
  readonly tweak?: Tweak
  readonly pageSize?: number
}

/**
 * The client under test against the target: no retries (a contract test must see each status as the server sent
 * it) and no limiter of its own: the suite builds many clients, so the target's `pace` limits them all together.
 */
export const client = (
  options: ClientOptions = {}
): Layer.Layer<ConversationsClient.ConversationsClient, never, Target> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const target = yield* Target
    return ConversationsClient.layer({
      token: options.token ?? target.token,
      baseUrl: target.baseUrl,
      locationId: target.locationId,
      retry: false,
      rateLimit: false,
      timeout: "20 seconds",
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {})
    }).pipe(
      Layer.provide(
        Layer.succeed(HttpClient.HttpClient, recording(target.transport, target.exchanges, options.tweak, target.pace))
      )
    )
  }))

// `modify`/`setHeaders` merge headers, so dropping one means rebuilding the request (the suite only sends GETs).
const withoutHeader = (request: HttpClientRequest.HttpClientRequest, name: string) =>
  HttpClientRequest.get(request.url, { urlParams: request.urlParams, headers: Headers.remove(request.headers, name) })

/** Drops the Authorization header (the "no token" case: a client whose token provider yields nothing). */
export const withoutAuthorization: Tweak = (request) => withoutHeader(request, "authorization")

/** Drops the Version header. */
export const withoutVersion: Tweak = (request) => withoutHeader(request, "version")

/** Adds a query parameter the API does not know. */
export const withUnknownParameter: Tweak = HttpClientRequest.setUrlParam("pageNumber", "2")

/** A token that was never issued. */
export const badToken: Redacted.Redacted<string> = Redacted.make("pit-00000000-0000-4000-8000-000000000000")
