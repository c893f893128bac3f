/**
 * From a node request to the Fetch `Request` the handlers see, refusing first what a `Request` cannot carry (some
 * methods) and what the URL parser would rewrite (a backslash, a dot-segment).
 *
 * @since 0.1.0
 * @internal
 */
import type * as Http from "node:http"

// Methods a Fetch `Request` refuses to carry (it throws): answered here, before one is built.
/** @internal */
export const unsupportedMethods = new Set(["CONNECT", "TRACE", "TRACK"])
/** @internal */
export const allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"

/** The message of a 405. @internal */
export const methodNotAllowed = (method: string) =>
  `Method ${method} is not supported by this server (allowed: ${allowedMethods})`

/**
 * What is wrong with the raw path of a request target, if anything. The URL parser would turn a backslash into a
 * slash and resolve dot-segments, percent-encoded ones included (`%2e%2e`), so `/conversations/%2e%2e/__mock/state`
 * would reach the control API and `/conversations\<id>` a conversation: routing is on the path as sent, and a
 * target the parser would rewrite is refused instead.
 * @internal
 */
export const rawPathProblem = (target: string): string | undefined => {
  // The origin form (`/path?query`), or the path of an absolute-form target (`http://host/path?query`).
  const path = (target.startsWith("/") ? target : target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "")).split(
    /[?#]/
  )[0] ?? ""
  if (path.includes("\\")) return "a backslash in the path"
  const dotSegment = path.split("/").some((segment) => {
    const dots = segment.replace(/%2e/gi, ".")
    return dots === "." || dots === ".."
  })
  return dotSegment ? "a dot-segment (. or .., plain or percent-encoded) in the path" : undefined
}

/** The Fetch request the handlers see: the target rewritten to `base`, hop-by-hop headers dropped. @internal */
export const toRequest = (req: Http.IncomingMessage, base: string, body: Buffer | undefined): Request | undefined => {
  const target = req.url ?? "/"
  let url: URL
  try {
    const path = target.startsWith("/") ? target : new URL(target).pathname + new URL(target).search
    url = new URL(`${base.replace(/\/+$/, "")}${path}`)
  } catch {
    return undefined
  }
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? ""
    // Hop-by-hop headers mean nothing to the handlers, and undici refuses some of them on a Request.
    if (/^(connection|keep-alive|transfer-encoding|upgrade|expect)$/i.test(name)) continue
    headers.append(name, req.rawHeaders[i + 1] ?? "")
  }
  return new Request(url, {
    method: req.method ?? "GET",
    headers,
    ...(body === undefined || body.byteLength === 0 ? {} : { body: new Uint8Array(body) })
  })
}
