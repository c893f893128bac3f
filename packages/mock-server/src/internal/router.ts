/**
 * Matching a request to the route table: on the raw pathname (parameters are decoded later, by the gateway, so a
 * malformed one gets a 400 instead of a thrown `URIError`), method and path, first match wins.
 *
 * @since 0.1.0
 * @internal
 */
import type { Route } from "./routes/route.js"

/** A matched route and its path parameters, still percent-encoded. @internal */
export interface Match {
  readonly route: Route
  readonly raw: Readonly<Record<string, string>>
}

/** @internal */
export interface Router {
  readonly match: (method: string, path: string) => Match | undefined
  /** Whether the path is under a prefix the API serves (`/conversations…`, `/oauth…`): those get a 404 JSON. */
  readonly owns: (path: string) => boolean
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

interface Compiled {
  readonly route: Route
  readonly pattern: RegExp
  readonly names: ReadonlyArray<string>
}

/** `/conversations/{conversationId}` → `^/conversations/([^/]+)/?$` with the names of its groups. */
const compile = (route: Route): Compiled => {
  const names: Array<string> = []
  const source = route.path.split("/").map((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1]
    if (param === undefined) return escape(segment)
    names.push(param)
    return "([^/]+)"
  }).join("/")
  return { route, pattern: new RegExp(`^${source}/?$`), names }
}

/** @internal */
export const makeRouter = (routes: ReadonlyArray<Route>): Router => {
  const compiled = routes.map(compile)
  const prefixes = [...new Set(routes.map((r) => r.path.split("/")[1] ?? ""))].map(escape)
  const owned = new RegExp(`^/(?:${prefixes.join("|")})(?:/.*)?$`)
  return {
    match: (method, path) => {
      const upper = method.toUpperCase()
      for (const { names, pattern, route } of compiled) {
        if (route.method !== upper) continue
        const groups = pattern.exec(path)
        if (groups === null) continue
        const raw: Record<string, string> = {}
        names.forEach((name, i) => {
          raw[name] = groups[i + 1] ?? ""
        })
        return { route, raw }
      }
      return undefined
    },
    owns: (path) => owned.test(path)
  }
}
