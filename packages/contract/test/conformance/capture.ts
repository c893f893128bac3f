/**
 * What the conformance tests of the 26 other operations capture: a mock over real HTTP (undici), clients of it whose
 * transport records every exchange (the JSON request body or the parts of a multipart one, the status, the content
 * type and the body answered), and the checks of those exchanges against a validator.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { ConversationsClient } from "@highlevel-effect/client"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Conformance from "../../src/Conformance.js"
import type { Endpoint } from "../../src/PublishedSchemas.js"

/** One request and its answer as they crossed the transport. */
export interface Exchange {
  readonly method: string
  readonly path: string
  readonly endpoint: Option.Option<Endpoint>
  /** The parsed JSON request body; `undefined` when there was none or it was a form. */
  readonly requestBody: unknown
  /** The parts of a `multipart/form-data` request body, in order. */
  readonly form: Option.Option<ReadonlyArray<Conformance.FormPart>>
  readonly status: number
  readonly contentType: string
  readonly responseBody: unknown
  readonly json: boolean
}

const decoder = new TextDecoder()

const parse = (text: string): { readonly value: unknown; readonly json: boolean } => {
  try {
    return { value: JSON.parse(text), json: true }
  } catch {
    return { value: text, json: false }
  }
}

const concat = (chunks: Chunk.Chunk<Uint8Array>): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(Chunk.reduce(chunks, 0, (n, chunk) => n + chunk.byteLength))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

// The form as its parts: a text part by its value, a file part by its file name.
const formPartsOf = (bytes: Uint8Array<ArrayBuffer>, contentType: string) =>
  Effect.promise(async () => {
    const form = await new Response(bytes, { headers: { "content-type": contentType } }).formData()
    return [...form.entries()].map(([name, value]): Conformance.FormPart =>
      typeof value === "string" ? { name, value, file: false } : { name, value: value.name, file: true }
    )
  })

/**
 * The request as sent and what it carried: a streamed body (the multipart upload) is read once here and sent on as
 * those bytes, so that its parts can be recorded; a JSON body is parsed.
 */
const captured = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const body = request.body
    if (body._tag === "Stream") {
      const bytes = concat(yield* Stream.runCollect(body.stream).pipe(Effect.orDie))
      const form = body.contentType.startsWith("multipart/form-data") ?
        Option.some(yield* formPartsOf(bytes, body.contentType)) :
        Option.none()
      return { sent: HttpClientRequest.bodyUint8Array(request, bytes, body.contentType), json: undefined, form }
    }
    const json = body._tag === "Uint8Array" ? parse(decoder.decode(body.body)).value : undefined
    return { sent: request, json, form: Option.none<ReadonlyArray<Conformance.FormPart>>() }
  })

const recording = (inner: HttpClient.HttpClient, exchanges: Array<Exchange>): HttpClient.HttpClient =>
  HttpClient.make((request) =>
    Effect.gen(function*() {
      const { form, json, sent } = yield* captured(request)
      const response = yield* inner.execute(sent)
      const bytes = new Uint8Array(yield* response.arrayBuffer)
      const url = new URL(sent.url)
      const contentType = response.headers["content-type"] ?? ""
      const answered = parse(decoder.decode(bytes))
      exchanges.push({
        method: sent.method,
        path: url.pathname,
        endpoint: Conformance.endpointOf(sent.method, url.pathname),
        requestBody: json,
        form,
        status: response.status,
        contentType,
        responseBody: answered.value,
        json: answered.json && contentType.includes("json")
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

/** A fresh mock over HTTP and clients of it whose every exchange lands in `exchanges`. */
export const setup = Effect.gen(function*() {
  const mock = HighLevelMock.make({ seed: 11, conversations: 12, messagesPerConversation: 8, rateLimit: false })
  const server = yield* Effect.acquireRelease(
    Effect.promise(() => MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })),
    (running) => Effect.promise(() => running.close())
  )
  const transport = yield* Layer.build(NodeHttpClient.layerUndici)
  const exchanges: Array<Exchange> = []
  const [location, other] = mock.locations
  if (location === undefined || other === undefined) return yield* Effect.dieMessage("the seed has no two locations")
  const clientWith = (token: string) =>
    ConversationsClient.make({
      token: Redacted.make(token),
      baseUrl: server.url,
      locationId: location.locationId,
      rateLimit: false,
      retry: false,
      timeout: "10 seconds"
    }).pipe(
      Effect.provide(
        Layer.succeed(HttpClient.HttpClient, recording(Context.get(transport, HttpClient.HttpClient), exchanges))
      )
    )
  return {
    mock,
    server,
    location,
    other,
    exchanges,
    clientWith,
    client: yield* clientWith(location.tokens.full),
    provider: yield* clientWith(location.tokens.provider)
  }
})

/**
 * The signed-URL flow PUTs the bytes to the storage URL initiate-file-upload returned (the mock's `/__mock/uploads/…`),
 * and the files are served from `/__mock/files/…`: no API operation, and not JSON.
 */
export const api = (exchanges: ReadonlyArray<Exchange>): Array<Exchange> =>
  exchanges.filter((exchange) => !exchange.path.startsWith("/__mock/"))

/** The problems of one exchange under `validator`: its request body or form, then its answer. */
const problemsOfExchange = (validator: Conformance.Validator, exchange: Exchange): Array<string> =>
  Option.match(exchange.endpoint, {
    onNone: () => [`${exchange.method} ${exchange.path}: no operation`],
    onSome: (endpoint) =>
      [
        ...Option.match(exchange.form, {
          onNone: () => validator.validateRequestBody(endpoint, exchange.requestBody),
          onSome: (parts) => validator.validateForm(endpoint, parts)
        }),
        ...(exchange.json ?
          validator.validateResponse(endpoint, exchange.status, exchange.responseBody) :
          validator.validateMedia(endpoint, exchange.status, exchange.contentType))
      ].map((problem) => `${endpoint} ${exchange.status}: ${problem}`)
  })

/** Every problem of the captured traffic under `validator`. */
export const problemsOf = (validator: Conformance.Validator, exchanges: ReadonlyArray<Exchange>): Array<string> =>
  api(exchanges).flatMap((exchange) => problemsOfExchange(validator, exchange))

/** The operations the exchanges reached, sorted. */
export const coveredBy = (exchanges: ReadonlyArray<Exchange>): Array<Endpoint> =>
  [...new Set(api(exchanges).flatMap((exchange) => Option.toArray(exchange.endpoint)))].sort()
