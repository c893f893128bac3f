/**
 * What the mock benchmarks share: one keep-alive HTTP call timed by its caller, and the order statistics of a
 * route's samples.
 *
 * @since 0.1.0
 */
import * as Http from "node:http"

/**
 * Figures of one route, in milliseconds (client-side round trip: request sent → body fully read).
 *
 * @since 0.1.0
 * @category models
 */
export interface RouteFigures {
  readonly requests: number
  readonly median_ms: number
  readonly p99_ms: number
  readonly max_ms: number
}

const round = (n: number) => Math.round(n * 1000) / 1000

/**
 * The figures of a route's samples (nearest-rank quantiles).
 *
 * @since 0.1.0
 * @category constructors
 */
export const figures = (samples: ReadonlyArray<number>): RouteFigures => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    requests: sorted.length,
    median_ms: round(at(0.5)),
    p99_ms: round(at(0.99)),
    max_ms: round(sorted[sorted.length - 1] ?? 0)
  }
}

/**
 * One request over `agent` (a JSON body when `body` is given), resolved when the response body is fully read.
 *
 * @since 0.1.0
 * @category constructors
 */
export const call = (
  agent: Http.Agent,
  method: string,
  url: string,
  headers: Readonly<Record<string, string>>,
  body?: unknown
): Promise<{ readonly status: number; readonly body: string }> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = Http.request(url, {
      method,
      agent,
      headers: payload === undefined ? headers : {
        ...headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(payload))
      }
    }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
    req.end(payload)
  })
