/**
 * The mock as a server facing hostile input: it listens on loopback only by default, caps request sizes, and answers
 * malformed requests (raw bytes on a socket: bad targets, bad encodings, bad framing, oversized parts, junk bodies)
 * with a 4xx, never a 5xx and never a hang.
 */
import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Net from "node:net"
import * as Os from "node:os"
import { serveMock } from "./support/mock.js"

/** Sends raw bytes and resolves with the status of the first response ("closed" if none came), within 3 s. */
const rawStatus = (port: number, bytes: string | Buffer): Promise<number | "closed" | "timeout"> =>
  new Promise((resolve) => {
    const socket = Net.connect({ port, host: "127.0.0.1" })
    let received = ""
    const finish = (result: number | "closed" | "timeout") => {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => finish("timeout"), 3_000)
    socket.on("connect", () => socket.write(bytes))
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1")
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received)
      if (match?.[1] !== undefined) finish(Number(match[1]))
    })
    socket.on("error", () => finish("closed"))
    socket.on("close", () => finish("closed"))
  })

const request = (lines: ReadonlyArray<string>, body = "") => `${lines.join("\r\n")}\r\n\r\n${body}`

describe("the mock facing hostile input", () => {
  it("listens on 127.0.0.1 by default, unreachable from the machine's other addresses", async () => {
    const server = await MockHttpServer.listen(HighLevelMock.make({ scenario: "empty" }))
    try {
      expect(server.host).toBe("127.0.0.1")
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      const external = Object.values(Os.networkInterfaces()).flat()
        .filter((nic) => nic !== undefined && nic.family === "IPv4" && !nic.internal)
        .map((nic) => nic?.address ?? "")
      for (const address of external) {
        const reached = await new Promise<boolean>((resolve) => {
          const socket = Net.connect({ port: server.port, host: address })
          socket.setTimeout(1_000, () => {
            socket.destroy()
            resolve(false)
          })
          socket.on("connect", () => {
            socket.destroy()
            resolve(true)
          })
          socket.on("error", () => resolve(false))
        })
        expect(reached, `reachable on ${address}`).toBe(false)
      }
      // Loopback does answer, so the check above is not vacuous.
      expect(await rawStatus(server.port, request(["GET /conversations/x HTTP/1.1", "Host: a"]))).toBe(401)
    } finally {
      await server.close()
    }
  })

  it.live("malformed requests get a 4xx, never a 5xx, never silence", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const { token, locationId } = server.mock.credentials
      const auth = [`Authorization: Bearer ${token}`, "Version: 2021-04-15", "Host: 127.0.0.1"]
      const form = "application/x-www-form-urlencoded"
      const post = (path: string, contentType: string, body: string) =>
        request([
          `POST ${path} HTTP/1.1`,
          "Host: a",
          `Content-Type: ${contentType}`,
          `Content-Length: ${Buffer.byteLength(body)}`
        ], body)
      const put = (path: string, body: string) =>
        request([`PUT ${path} HTTP/1.1`, "Host: a", `Content-Length: ${Buffer.byteLength(body)}`], body)
      const get = (target: string) => request([`GET ${target} HTTP/1.1`, ...auth])
      // [what, bytes, the status class expected: "4xx", or "any" for odd but valid requests (anything but a 5xx)]
      const cases: ReadonlyArray<readonly [string, string, "4xx" | "any"]> = [
        ["bad percent-encoding in the query", get(`/conversations/search?locationId=${locationId}&query=%ZZ%`), "any"],
        ["an encoded NUL in the id", get("/conversations/a%00b"), "4xx"],
        ["an encoded slash and dot-segments", get("/conversations/..%2F..%2F__mock%2Freset"), "4xx"],
        ["dot-segments in the raw path", get("/conversations/../__mock/x/../../oauth/token"), "4xx"],
        ["absolute-form target naming another host", get("http://evil.test/conversations/x"), "4xx"],
        ["asterisk-form target", get("*"), "4xx"],
        ["a double slash path", get("//conversations//search"), "4xx"],
        ["unknown query parameters", get("/conversations/x?evil=1&__proto__=2&constructor=3"), "4xx"],
        ["a limit far out of range", get(`/conversations/search?locationId=${locationId}&limit=1e400`), "4xx"],
        ["an unknown method", request(["BREW /conversations/search HTTP/1.1", ...auth]), "4xx"],
        ["a method the route lacks", request(["DELETE /conversations/search HTTP/1.1", ...auth]), "4xx"],
        ["no Host header in HTTP/1.1", request(["GET /conversations/search HTTP/1.1"]), "4xx"],
        ["garbage instead of a request line", request(["\u0001\u0002 not http at all"]), "4xx"],
        [
          "a header without a colon",
          request(["GET /conversations/search HTTP/1.1", "Host: a", "Broken header"]),
          "4xx"
        ],
        [
          "a non-numeric Content-Length",
          request(["POST /oauth/token HTTP/1.1", "Host: a", "Content-Length: abc"]),
          "4xx"
        ],
        [
          "Content-Length and chunked together",
          request(
            ["POST /oauth/token HTTP/1.1", "Host: a", "Content-Length: 3", "Transfer-Encoding: chunked"],
            "0\r\n\r\n"
          ),
          "4xx"
        ],
        [
          "a bad chunk size",
          request(["POST /oauth/token HTTP/1.1", "Host: a", "Transfer-Encoding: chunked"], "zz\r\nabc\r\n0\r\n\r\n"),
          "4xx"
        ],
        [
          "a 20 KB header",
          request(["GET /conversations/search HTTP/1.1", "Host: a", `X-Big: ${"a".repeat(20_000)}`]),
          "4xx"
        ],
        [
          "a 100 KB URL",
          request([`GET /conversations/search?query=${"q".repeat(100_000)} HTTP/1.1`, "Host: a"]),
          "4xx"
        ],
        [
          "a 2 MB OAuth body (announced)",
          request([
            "POST /oauth/token HTTP/1.1",
            "Host: a",
            `Content-Type: ${form}`,
            `Content-Length: ${2 * 1024 * 1024}`
          ]),
          "4xx"
        ],
        ["a 2 MB OAuth body (sent)", post("/oauth/token", form, `grant_type=${"x".repeat(2 * 1024 * 1024)}`), "4xx"],
        ["an OAuth form that is JSON", post("/oauth/token", "application/json", "{}"), "4xx"],
        ["an OAuth form of junk bytes", post("/oauth/token", form, "%%%&&&===\u0000"), "4xx"],
        [
          "an OAuth refresh with an unknown token",
          post(
            "/oauth/token",
            form,
            "client_id=mock-client-id&client_secret=mock-client-secret&grant_type=refresh_token&refresh_token=x"
          ),
          "4xx"
        ],
        [
          "an OAuth grant type nobody knows",
          post("/oauth/token", form, "client_id=a&client_secret=b&grant_type=zzz"),
          "4xx"
        ],
        ["control: load with a body that is not JSON", post("/__mock/load", "application/json", "{{{{{"), "4xx"],
        [
          "control: load with absurd sizes",
          post("/__mock/load", "application/json", "{\"conversations\":1e12}"),
          "4xx"
        ],
        [
          "control: faults with a bad rule",
          put("/__mock/faults", "{\"rules\":[{\"route\":\"x\",\"fault\":{}}]}"),
          "4xx"
        ],
        ["control: an unknown route", request(["GET /__mock/../../etc/passwd HTTP/1.1", "Host: a"]), "4xx"]
      ]
      const results: Array<string> = []
      const expected: Array<string> = []
      for (const [name, bytes, kind] of cases) {
        const status = yield* Effect.promise(() => rawStatus(server.port, bytes))
        results.push(`${name}: ${typeof status === "number" && status < 500 && (kind === "any" || status >= 400)}`)
        expected.push(`${name}: true`)
      }
      // Every one answered (a reset connection or a timeout would be silence), none with a 5xx.
      expect(results).toEqual(expected)
      // And the server is still healthy afterwards.
      expect(yield* Effect.promise(() => rawStatus(server.port, request(["GET /conversations/x HTTP/1.1", ...auth]))))
        .toBe(404)
    })))

  // msw's path patterns decoded parameters with decodeURIComponent, which throws on a malformed escape: the mock
  // answered 500 until its handlers matched raw paths (found by this test).
  it("a malformed percent-escape in a path id gets a 4xx", async () => {
    const server = await MockHttpServer.listen(HighLevelMock.make({ rateLimit: false }))
    try {
      const { token } = server.mock.credentials
      const headers = [`Authorization: Bearer ${token}`, "Version: 2021-04-15", "Host: a"]
      const statuses = [
        await rawStatus(server.port, request(["GET /conversations/%E0%A4%A HTTP/1.1", ...headers])),
        await rawStatus(server.port, request(["GET /conversations/%zz/messages HTTP/1.1", ...headers]))
      ]
      expect(statuses.map((status) => typeof status === "number" && status >= 400 && status < 500)).toEqual([
        true,
        true
      ])
    } finally {
      await server.close()
    }
  })
})
