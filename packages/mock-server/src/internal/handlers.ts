/**
 * The msw request handlers: thin routing into the engine.
 *
 * Routes match with custom predicates on the raw pathname rather than msw path patterns: path-to-regexp decodes
 * parameters with `decodeURIComponent`, which throws on bad percent-encoding (`/conversations/%E0%A4%A`) and would
 * turn hostile input into a 500. Here a parameter that does not decode is passed on as malformed and answered with
 * 400, like Express does. Order still matters: `search` is tried before `:conversationId`, the catch-alls last.
 *
 * @since 0.1.0
 * @internal
 */
import { http, type HttpHandler } from "msw"
import type { Engine } from "./engine.js"

/** Where the handlers answer: any origin, or one origin with an optional path prefix. */
interface Mount {
  readonly origin: string | undefined
  readonly prefix: string
}

const mountOf = (baseUrl: string | undefined): Mount => {
  if (baseUrl === undefined) return { origin: undefined, prefix: "" }
  const url = new URL(baseUrl)
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") }
}

/** The pathname below the mount, or undefined when the request is not for this mount. */
const pathOf = (mount: Mount, request: Request): string | undefined => {
  const url = new URL(request.url)
  if (mount.origin !== undefined && url.origin !== mount.origin) return undefined
  if (mount.prefix === "") return url.pathname
  if (url.pathname !== mount.prefix && !url.pathname.startsWith(`${mount.prefix}/`)) return undefined
  return url.pathname.slice(mount.prefix.length) || "/"
}

type Params = { conversationId?: string; malformed?: string }

/** A predicate for `pattern` (whose first group, if any, is the conversation id). */
const route = (mount: Mount, pattern: RegExp) => ({ request }: { request: Request }) => {
  const path = pathOf(mount, request)
  const m = path === undefined ? null : pattern.exec(path)
  if (m === null) return false
  const raw = m[1]
  if (raw === undefined) return { matches: true, params: {} as Params }
  try {
    return { matches: true, params: { conversationId: decodeURIComponent(raw) } as Params }
  } catch {
    return { matches: true, params: { conversationId: raw, malformed: "true" } as Params }
  }
}

/**
 * `baseUrl` undefined: the handlers match any origin, so `https://services.leadconnectorhq.com`, `http://mock.local`
 * and `http://127.0.0.1:4010` all work.
 *
 * @internal
 */
export const makeHandlers = (engine: Engine, baseUrl: string | undefined): ReadonlyArray<HttpHandler> => {
  const mount = mountOf(baseUrl)
  const notFound = ({ request }: { request: Request }) => engine.notFound(request)
  const params = (p: Params) => ({
    conversationId: p.conversationId ?? "",
    ...(p.malformed === undefined ? {} : { malformed: p.malformed })
  })
  return [
    http.get(route(mount, /^\/conversations\/search\/?$/), ({ request }) => engine.api("search", request, {})),
    http.get(
      route(mount, /^\/conversations\/([^/]+)\/messages\/?$/),
      ({ params: p, request }) => engine.api("getMessages", request, params(p))
    ),
    http.get(
      route(mount, /^\/conversations\/([^/]+)\/?$/),
      ({ params: p, request }) => engine.api("getConversation", request, params(p))
    ),
    http.post(route(mount, /^\/oauth\/token\/?$/), ({ request }) => engine.oauthToken(request)),
    http.all(route(mount, /^\/__mock\/(.*)$/), ({ request }) => {
      const path = pathOf(mount, request) ?? ""
      return engine.control(request, path.slice("/__mock/".length).replace(/\/+$/, ""))
    }),
    http.all(route(mount, /^\/(?:conversations|oauth)(?:\/.*)?$/), notFound)
  ]
}
