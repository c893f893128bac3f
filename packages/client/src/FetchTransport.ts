/**
 * A lean `HttpClient` over the global `fetch`, for the client on runtimes without undici's `request` (or where
 * `@effect/platform-node` is not wanted).
 *
 * It is `FetchHttpClient.layer` with the per-request work the client does not need taken out. `HttpClient.make`
 * still does the URL, the span (when tracing is on) and the `AbortSignal`; what differs is the response: the
 * platform's reads each body through `Effect.tryPromise(…).pipe(Effect.cached, Effect.runSync)` (a fiber run
 * synchronously and a cached effect per body) and copies the whole `Headers` into a record at every read of
 * `headers`; this one reads a body through one `Effect.tryPromise` of a memoised promise and copies the headers
 * once, on first read. Redirects are never followed (`redirect: "manual"`): a `Location` header, a value from a
 * response, must not move a request and its bearer token away from the base URL. `FetchHttpClient.Fetch` and
 * `FetchHttpClient.RequestInit` in the context are honoured as `FetchHttpClient` honours them.
 *
 * @since 0.1.0
 */
import * as Cookies from "@effect/platform/Cookies"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

const fetchKey = FetchHttpClient.Fetch.key
const requestInitKey = FetchHttpClient.RequestInit.key

// A response over a web `Response`. `source` keeps its name and meaning from the platform's own fetch response:
// the client reads a body straight from it (internal/fetchBody.ts), for both fetch transports alike.
class LeanResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  private cachedHeaders: Headers.Headers | undefined
  private cachedCookies: Cookies.Cookies | undefined
  // The body read once and shared: `text` read twice (or `json` after `text`) gives the same text, as the
  // platform's cached readers do, without a cached effect per body.
  private textPromise: Promise<string> | undefined
  private bytesPromise: Promise<ArrayBuffer> | undefined
  private formPromise: Promise<FormData> | undefined

  constructor(readonly request: HttpClientRequest.HttpClientRequest, readonly source: Response) {
    super()
  }

  get status(): number {
    return this.source.status
  }

  get headers(): Headers.Headers {
    return this.cachedHeaders ??= Headers.fromInput(this.source.headers)
  }

  get cookies(): Cookies.Cookies {
    return this.cachedCookies ??= Cookies.fromSetCookie(this.source.headers.getSetCookie())
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  private read<A>(body: () => Promise<A>): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.tryPromise({ try: body, catch: (cause) => this.decodeError(cause) })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.read(() => this.textPromise ??= this.source.text())
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: (): unknown => text === "" ? null : JSON.parse(text),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.read(() => this.bytesPromise ??= this.source.arrayBuffer())
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.read(() => this.formPromise ??= this.source.formData())
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text)),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    const body = this.source.body
    if (body === null) {
      return Stream.fail(
        new HttpClientError.ResponseError({
          request: this.request,
          response: this,
          reason: "EmptyBody",
          description: "can not create stream from empty body"
        })
      )
    }
    return Stream.fromReadableStream(() => body, (cause) => this.decodeError(cause))
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

// The headers sent: the user's `RequestInit` headers under the request's own, without `Content-Length` (fetch
// frames the body itself), as `FetchHttpClient` sends them.
const headersOf = (request: HttpClientRequest.HttpClientRequest, init: RequestInit): Headers.Headers => {
  const headers = init.headers === undefined
    ? request.headers
    : Headers.merge(Headers.fromInput(init.headers), request.headers)
  return "content-length" in headers ? Headers.remove(headers, "content-length") : headers
}

// What the layer's own context gives, read once when it is built: `FetchHttpClient.layer` merges its build context
// into every request's, so a `Fetch` provided to the layer is the one called; reading the two services once keeps
// that without merging two contexts per request.
interface Defaults {
  // Unset unless provided: the global `fetch` is read per request, so a stubbed global (in a test) is the one called.
  readonly fetch: typeof globalThis.fetch | undefined
  readonly init: RequestInit
}

const send = (
  defaults: Defaults,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  signal: AbortSignal,
  context: Context.Context<never>
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  // `unsafeMap` rather than `Context.getOption`: the transport looks both up for every request.
  const fetch: typeof globalThis.fetch = context.unsafeMap.get(fetchKey) ?? defaults.fetch ?? globalThis.fetch
  const options: RequestInit = context.unsafeMap.get(requestInitKey) ?? defaults.init
  const headers = headersOf(request, options)
  const go = (body: BodyInit | undefined, duplex: boolean) =>
    Effect.map(
      Effect.tryPromise({
        try: () => {
          const init: RequestInit & { duplex?: "half" } = {
            ...options,
            method: request.method,
            headers,
            body: body ?? null,
            signal,
            redirect: "manual"
          }
          // A stream body needs `duplex: "half"` (the request is sent while the response may already arrive).
          if (duplex) init.duplex = "half"
          return fetch(url, init)
        },
        catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
      }),
      (response): HttpClientResponse.HttpClientResponse => new LeanResponse(request, response)
    )
  const body = request.body
  switch (body._tag) {
    case "Raw":
      // A raw body is whatever the caller handed over, given to fetch as it is (as `FetchHttpClient` does).
      return go(body.body as BodyInit, false)
    case "Uint8Array":
      // TS 5.9 types a `BodyInit` view as over an `ArrayBuffer`; fetch takes a view over any buffer.
      return go(body.body as Uint8Array<ArrayBuffer>, false)
    case "FormData":
      return go(body.formData, false)
    case "Stream":
      return Effect.flatMap(Stream.toReadableStreamEffect(body.stream), (stream) => go(stream, true))
    case "Empty":
      return go(undefined, false)
  }
}

const makeClient = (defaults: Defaults): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal, fiber) =>
    send(defaults, request, url, signal, fiber.getFiberRef(FiberRef.currentContext))
  )

/**
 * The lean fetch `HttpClient` as a layer: the fetch transport to give `ConversationsClient.layer` when undici's
 * (`NodeHttpClient.layerUndici`) is not an option. Interrupting a request, or closing the scope of a client made
 * with `HttpClient.withScope`, aborts it and its body, as with `FetchHttpClient`. A `FetchHttpClient.Fetch` or
 * `FetchHttpClient.RequestInit` provided to the layer, or in the context of a request, is used as
 * `FetchHttpClient.layer` uses it (the request's first); `redirect` is always `"manual"`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(Effect.context<never>(), (context) =>
    makeClient({
      fetch: context.unsafeMap.get(fetchKey),
      init: context.unsafeMap.get(requestInitKey) ?? {}
    }))
)
