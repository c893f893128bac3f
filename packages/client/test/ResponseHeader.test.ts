/**
 * The header reader (internal/responseHeader.ts) reads a header from the transport's own headers instead of copying
 * them all: over every transport it must read what the platform's `response.headers` holds, name for name (a
 * repeated header joined as the platform joins it, an absent one `undefined`), and a response that is no transport's
 * falls back to `response.headers`.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as FetchTransport from "../src/FetchTransport.js"
import { headerReaderOf } from "../src/internal/responseHeader.js"
import { rawServer } from "./utils/RawServer.js"

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["undici", NodeHttpClient.layerUndici],
  ["FetchHttpClient", FetchHttpClient.layer],
  ["FetchTransport", FetchTransport.layer]
]

const names = [
  "content-type",
  "content-length",
  "x-ratelimit-remaining",
  "x-ratelimit-max",
  "x-repeated",
  "retry-after",
  "x-absent"
]

describe("headerReaderOf", () => {
  for (const [name, layer] of transports) {
    it.live(`over ${name}, reads every header as response.headers holds it`, () =>
      Effect.scoped(
        Effect.gen(function*() {
          const server = yield* rawServer((_, response) => {
            response.writeHead(200, [
              ["Content-Type", "application/json"],
              ["X-RateLimit-Remaining", "99"],
              ["X-RateLimit-Max", "100"],
              ["X-Repeated", "one"],
              ["X-Repeated", "two"],
              ["Retry-After", "3"]
            ]).end("{}")
          })
          const http = yield* HttpClient.HttpClient
          const response = yield* http.execute(HttpClientRequest.get(`${server.baseUrl}/h`))
          const read = headerReaderOf(response)
          const headers = response.headers
          for (const header of names) expect([header, read(header)]).toEqual([header, headers[header]])
          expect(read("x-ratelimit-remaining")).toBe("99")
          expect(read("x-repeated")).toBe("one, two")
          expect(read("x-absent")).toBeUndefined()
          yield* response.text
        }).pipe(Effect.provide(layer))
      ))
  }

  it("reads any other response through response.headers", () => {
    const web = HttpClientResponse.fromWeb(
      HttpClientRequest.get("http://127.0.0.1/"),
      new Response("{}", { headers: { "x-ratelimit-remaining": "7" } })
    )
    // A response object of no known transport: only the platform's interface.
    const other: HttpClientResponse.HttpClientResponse = Object.create(web, {
      source: { value: "not a transport" },
      headers: { value: Headers.fromInput({ "x-ratelimit-remaining": "7" }) }
    })
    expect(headerReaderOf(other)("x-ratelimit-remaining")).toBe("7")
    expect(headerReaderOf(other)("x-absent")).toBeUndefined()
  })
})
