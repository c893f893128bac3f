/**
 * Helpers shared by the tests: calling a mock in-process (`mock.fetch`, no interception) with the usual headers, and
 * decoding bodies with the mock's own wire schemas (excess properties are errors, so a stray field fails a test).
 */
import * as Schema from "effect/Schema"
import type { HighLevelMock } from "../src/index.js"

interface CallInit {
  /** `null`: no Authorization header; default: the primary full-scope token. */
  readonly token?: string | null
  /** `null`: no Version header; default 2021-04-15. */
  readonly version?: string | null
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  /** Default `http://mock.local`. */
  readonly origin?: string
}

const request = (mock: HighLevelMock.HighLevelMock, path: string, init: CallInit = {}): Request => {
  const headers = new Headers(init.headers)
  if (init.token !== null) headers.set("authorization", `Bearer ${init.token ?? mock.credentials.token}`)
  if (init.version !== null) headers.set("version", init.version ?? "2021-04-15")
  return new Request(`${init.origin ?? "http://mock.local"}${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: init.body })
  })
}

export const call = (mock: HighLevelMock.HighLevelMock, path: string, init: CallInit = {}): Promise<Response> =>
  mock.fetch(request(mock, path, init))

interface JsonResult {
  readonly status: number
  readonly headers: Headers
  readonly body: unknown
  readonly text: string
}

export const callJson = async (
  mock: HighLevelMock.HighLevelMock,
  path: string,
  init: CallInit = {}
): Promise<JsonResult> => {
  const response = await call(mock, path, init)
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown, text }
}

export const decode = <A, I>(schema: Schema.Schema<A, I>, body: unknown): A =>
  Schema.decodeUnknownSync(schema, { onExcessProperty: "error" })(body)

export const searchPath = (locationId: string, params: Record<string, string | number> = {}): string => {
  const query = new URLSearchParams({ locationId })
  for (const [k, v] of Object.entries(params)) query.set(k, String(v))
  return `/conversations/search?${query.toString()}`
}

export const RATE_LIMIT_HEADERS = [
  "x-ratelimit-max",
  "x-ratelimit-remaining",
  "x-ratelimit-interval-milliseconds",
  "x-ratelimit-limit-daily",
  "x-ratelimit-daily-remaining"
] as const

/** A clock tests move by hand. */
export const manualClock = (start = Date.UTC(2025, 0, 1, 12)) => {
  let t = start
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms
    }
  }
}
