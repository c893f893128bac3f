/**
 * The node:http adapter facing hostile requests (issue #15): every request gets an HTTP answer (TRACE and CONNECT a
 * 405 with a JSON body); routing is on the raw path, so a dot-segment (plain or percent-encoded) or a backslash is a
 * 400, never another route; a 413 or 431 is answered while the client is still sending, and the rest is drained (up
 * to a bound) before the connection closes, so the client reads the answer instead of a reset; and an optional
 * control token guards `/__mock/*`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Net from "node:net"
import { HighLevelMock, MockHttpServer, MockWire } from "../src/index.js"
import { parse } from "../src/internal/cli.js"
import { decode } from "./support.js"

interface RawAnswer {
  readonly status: number
  readonly headers: string
  readonly body: string
}

const withServer = async <A>(
  options: HighLevelMock.Options,
  f: (server: MockHttpServer.RunningServer) => Promise<A>,
  listen: MockHttpServer.ListenOptions = {}
): Promise<A> => {
  const server = await MockHttpServer.listen(HighLevelMock.make({ rateLimit: false, ...options }), listen)
  try {
    return await f(server)
  } finally {
    await server.close()
  }
}

/** The first response on the socket, once its `Content-Length` bytes are in; "closed" if the socket ends first. */
const parseAnswer = (received: Buffer): RawAnswer | undefined => {
  const text = received.toString("latin1")
  const end = text.indexOf("\r\n\r\n")
  if (end < 0) return undefined
  const headers = text.slice(0, end)
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? "0")
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? "0")
  const body = received.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"))
  return body.length >= length ? { status, headers, body: body.subarray(0, length).toString("utf8") } : undefined
}

/**
 * Sends `head` and then `chunks` of body (waiting for the socket to take each one) without reading anything until
 * all is written or the socket fails, so a server that closes early with unread bytes resets us. Within 10 s.
 */
const exchange = (
  port: number,
  head: string,
  chunks: ReadonlyArray<Buffer> = []
): Promise<{ readonly answer: RawAnswer | "closed" | "timeout"; readonly written: number }> =>
  new Promise((resolve) => {
    const socket = Net.connect({ port, host: "127.0.0.1" })
    const received: Array<Buffer> = []
    let written = 0
    let done = false
    const finish = (answer: RawAnswer | "closed" | "timeout") => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ answer, written })
    }
    const timer = setTimeout(() => finish("timeout"), 10_000)
    const read = () => {
      socket.on("data", (chunk: Buffer) => {
        received.push(chunk)
        const answer = parseAnswer(Buffer.concat(received))
        if (answer !== undefined) finish(answer)
      })
      socket.resume()
    }
    socket.pause()
    socket.on("error", () => finish("closed"))
    socket.on("close", () => finish(parseAnswer(Buffer.concat(received)) ?? "closed"))
    socket.on("connect", async () => {
      const write = (bytes: string | Buffer) =>
        new Promise<boolean>((ok) => socket.write(bytes, (error) => ok(error === undefined || error === null)))
      if (!(await write(head))) return finish("closed")
      for (const chunk of chunks) {
        if (done || !(await write(chunk))) break
        written += chunk.length
      }
      // Give the server's last packets time to arrive before reading: a reset, if it sent one, lands first.
      setTimeout(read, 100)
    })
  })

const get = (path: string, headers: ReadonlyArray<string> = []) =>
  [`GET ${path} HTTP/1.1`, "Host: 127.0.0.1", ...headers, "", ""].join("\r\n")

const KiB = 1024
const MiB = 1024 * KiB
const chunksOf = (total: number, size = 64 * KiB): Array<Buffer> =>
  Array.from({ length: Math.ceil(total / size) }, (_, i) => Buffer.alloc(Math.min(size, total - i * size), "x"))

describe("every request gets an HTTP answer", () => {
  for (const method of ["TRACE", "CONNECT"] as const) {
    it(`${method} gets a 405 with a JSON body`, () =>
      withServer({ seed: 21 }, async (server) => {
        const target = method === "CONNECT" ? "127.0.0.1:443" : "/conversations/search"
        const { answer } = await exchange(server.port, [`${method} ${target} HTTP/1.1`, "Host: a", "", ""].join("\r\n"))
        expect(answer).toMatchObject({ status: 405 })
        if (typeof answer === "string") return
        expect(answer.headers).toMatch(/\r\ncontent-type: application\/json/i)
        expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 405, message: expect.stringContaining(method) })
      }))
  }
})

describe("routing on the raw path", () => {
  const firstConversation = async (server: MockHttpServer.RunningServer) => {
    const { locationId, token } = server.mock.credentials
    const response = await fetch(`${server.url}/conversations/search?locationId=${locationId}`, {
      headers: { Authorization: `Bearer ${token}`, Version: "2021-04-15" }
    })
    return decode(MockWire.SearchResponse, await response.json()).conversations[0]?.id ?? ""
  }

  it("a dot-segment, plain or percent-encoded in any case, is a 400: it never reaches the control API", () =>
    withServer({ seed: 21 }, async (server) => {
      for (
        const path of [
          "/conversations/%2e%2e/__mock/state",
          "/conversations/%2E%2E/__mock/state",
          "/conversations/.%2e/__mock/state",
          "/conversations/%2e./__mock/state",
          "/conversations/../__mock/state",
          "/conversations/x/%2e%2e/%2e%2e/__mock/state",
          "/conversations/./search",
          "/conversations/%2e/search",
          "/__mock/../__mock/state"
        ]
      ) {
        const { answer } = await exchange(server.port, get(path))
        expect([path, typeof answer === "string" ? answer : answer.status]).toEqual([path, 400])
        if (typeof answer !== "string") expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 400 })
      }
    }))

  it("a backslash is a 400, not the route the URL parser would make of it", () =>
    withServer({ seed: 21 }, async (server) => {
      const id = await firstConversation(server)
      const auth = [`Authorization: Bearer ${server.mock.credentials.token}`, "Version: 2021-04-15"]
      // The same request with a slash is served, so the 400 below is not some other refusal.
      const { answer: served } = await exchange(server.port, get(`/conversations/${id}`, auth))
      expect(served).toMatchObject({ status: 200 })
      for (const path of [`/conversations\\${id}`, `\\conversations/${id}`, `/conversations/${id}\\messages`]) {
        const { answer } = await exchange(server.port, get(path, auth))
        expect([path, typeof answer === "string" ? answer : answer.status]).toEqual([path, 400])
      }
    }))

  it("dots inside a segment and an encoded backslash stay what they are: part of an id (404)", () =>
    withServer({ seed: 21 }, async (server) => {
      const auth = [`Authorization: Bearer ${server.mock.credentials.token}`, "Version: 2021-04-15"]
      for (
        const path of ["/conversations/a.b", "/conversations/...", "/conversations/%2e%2e%2e", "/conversations/%5cx"]
      ) {
        const { answer } = await exchange(server.port, get(path, auth))
        expect([path, typeof answer === "string" ? answer : answer.status]).toEqual([path, 404])
      }
    }))
})

describe("413 and 431 are read by a client that is still sending", () => {
  const post = (length: number | "chunked") =>
    [
      "POST /__mock/load HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      length === "chunked" ? "Transfer-Encoding: chunked" : `Content-Length: ${length}`,
      "",
      ""
    ].join("\r\n")

  it("a declared body above maxBodyBytes: the 413 arrives after the client sent it all", () =>
    withServer({ seed: 21 }, async (server) => {
      const { answer, written } = await exchange(server.port, post(4 * MiB), chunksOf(4 * MiB))
      expect(written).toBe(4 * MiB)
      expect(answer).toMatchObject({ status: 413 })
      if (typeof answer !== "string") expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 413 })
      expect(server.mock.control.state().seed).toBe(21)
    }, { maxBodyBytes: 64 * KiB }))

  it("a chunked body above maxBodyBytes: the 413 arrives too", () =>
    withServer({ seed: 21 }, async (server) => {
      const body = chunksOf(4 * MiB).map((chunk) =>
        Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
      )
      const { answer } = await exchange(server.port, post("chunked"), [...body, Buffer.from("0\r\n\r\n")])
      expect(answer).toMatchObject({ status: 413 })
    }, { maxBodyBytes: 64 * KiB }))

  it("headers above 16 KB: the 431 arrives after the client sent them all", () =>
    withServer({ seed: 21 }, async (server) => {
      const pad = Array.from({ length: 64 }, (_, i) => `X-Pad-${i}: ${"p".repeat(4 * KiB)}`)
      const { answer } = await exchange(server.port, get("/conversations/search", pad))
      expect(answer).toMatchObject({ status: 431 })
      if (typeof answer !== "string") expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 431 })
    }))

  it("the drain is bounded: a client that never stops sending is cut off after the answer", () =>
    withServer({ seed: 21 }, async (server) => {
      // Declares 1 GiB and would send 64 MiB of it; the server stops listening well before.
      const { answer, written } = await exchange(server.port, post(1024 * MiB), chunksOf(64 * MiB))
      expect(written).toBeLessThan(64 * MiB)
      expect(answer === "closed" || answer === "timeout" || answer.status === 413).toBe(true)
      expect(answer).not.toBe("timeout")
    }, { maxBodyBytes: 64 * KiB }))
})

describe("the control token", () => {
  it("when set, /__mock/* needs Authorization: Bearer <control token>; the API is unchanged", () =>
    withServer({ seed: 21, controlToken: "ctl-5e1f" }, async (server) => {
      const state = (headers: Record<string, string>) => fetch(`${server.url}/__mock/state`, { headers })
      const missing = await state({})
      expect(missing.status).toBe(401)
      expect(await missing.json()).toMatchObject({ statusCode: 401, message: expect.stringContaining("control token") })
      expect((await state({ Authorization: "Bearer wrong" })).status).toBe(401)
      // The API's own token is not the control token.
      expect((await state({ Authorization: `Bearer ${server.mock.credentials.token}` })).status).toBe(401)
      const load = await fetch(`${server.url}/__mock/load`, { method: "POST", body: JSON.stringify({ seed: 5 }) })
      expect(load.status).toBe(401)
      expect(server.mock.control.state().seed).toBe(21)
      const allowed = await state({ Authorization: "Bearer ctl-5e1f" })
      expect(allowed.status).toBe(200)
      expect(await allowed.json()).toMatchObject({ seed: 21 })
      const { locationId, token } = server.mock.credentials
      const search = await fetch(`${server.url}/conversations/search?locationId=${locationId}`, {
        headers: { Authorization: `Bearer ${token}`, Version: "2021-04-15" }
      })
      expect(search.status).toBe(200)
    }))

  it("in process too (mock.fetch), and without one the control API stays open", async () => {
    const guarded = HighLevelMock.make({ seed: 21, controlToken: "ctl-5e1f" })
    expect((await guarded.fetch(new Request("http://mock.local/__mock/state"))).status).toBe(401)
    const open = HighLevelMock.make({ seed: 21 })
    expect((await open.fetch(new Request("http://mock.local/__mock/state"))).status).toBe(200)
  })

  it("an empty control token is refused when the mock is made", () => {
    expect(() => HighLevelMock.make({ controlToken: "" })).toThrow(/controlToken/)
  })

  it("--control-token sets it from the command line; an empty one is an error", () => {
    expect(parse(["--control-token", "ctl-5e1f"])).toMatchObject({ _tag: "run", mock: { controlToken: "ctl-5e1f" } })
    expect(parse([])).toMatchObject({
      _tag: "run",
      mock: expect.not.objectContaining({ controlToken: expect.anything() })
    })
    expect(parse(["--control-token", ""])).toMatchObject({
      _tag: "error",
      message: expect.stringContaining("--control-token")
    })
  })
})
