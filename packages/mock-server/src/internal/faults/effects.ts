/**
 * What each fault kind does, by the moment it acts. Before the route: `latency` waits, and the replacing kinds
 * (reset, proxy page, 5xx, 429) answer instead of it, as a gateway in front of the API would. On the route's answer:
 * the body-altering kinds rewrite it, and `commitThenDrop` throws it away after the write took effect. A new fault kind is a Schema in `MockFaults.ts` plus one case here.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockFaults from "../../MockFaults.js"
import type { Snapshot } from "../rateLimit.js"
import * as Responses from "../responses.js"
import * as Bodies from "./bodies.js"

/**
 * The response of a replacing fault, or undefined when the fault (if any) lets the route answer. `limitHeaders` are
 * the rate-limit headers of the route, with some figures overridden.
 *
 * @internal
 */
export const replacement = (
  fault: MockFaults.Fault | undefined,
  traceId: string,
  limitHeaders: (over?: Partial<Snapshot>) => Record<string, string>
): Response | undefined => {
  switch (fault?._tag) {
    case "connectionReset":
      return Response.error()
    case "htmlErrorPage":
      return Bodies.htmlErrorPage(fault.status ?? 502)
    case "serverError":
      return Responses.toResponse(Responses.json(
        fault.status,
        { statusCode: fault.status, message: Responses.STATUS_TEXT[fault.status] ?? "Error", traceId },
        limitHeaders()
      ))
    case "rateLimited": {
      const headers = limitHeaders({ remaining: 0, ...(fault.daily === true ? { dailyRemaining: 0 } : {}) })
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds)
      return Responses.toResponse(
        Responses.json(429, { statusCode: 429, message: "Too Many Requests", traceId }, headers)
      )
    }
    default:
      return undefined
  }
}

/** The route's answer as a `Response`, rewritten by a body-altering fault (any other fault leaves it). @internal */
export const alter = (p: Responses.Prepared, fault: MockFaults.Fault | undefined): Response => {
  switch (fault?._tag) {
    case "malformedJson":
      return Bodies.malformed(p)
    case "truncatedBody":
      return Bodies.truncated(p)
    case "wrongContentType":
      return Responses.toResponse({ ...p, headers: { ...p.headers, "content-type": "text/plain; charset=utf-8" } })
    case "hugeBody":
      return Bodies.huge(p, fault.bytes)
    case "slowBody":
      return Bodies.slow(p, fault.chunks, fault.delayMs)
    case "commitThenDrop":
      // The handler ran (the write is committed); the client gets no answer: a network error in-process, a
      // destroyed socket over HTTP (the adapter's reading of `Response.error()`).
      return Response.error()
    default:
      return Responses.toResponse(p)
  }
}
