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

const PARAM = /^\{(\w+)\}$/

/**
 * The fixed segments each route of the table has at each depth below the same parent path: a parameter there must
 * not match them, so `/conversations/messages` or `/conversations/search` never reach `{conversationId}`, whatever
 * the method or the order of the table.
 */
const reservedWords = (routes: ReadonlyArray<Route>): Map<string, Set<string>> => {
  const words = new Map<string, Set<string>>()
  for (const route of routes) {
    const segments = route.path.split("/")
    segments.forEach((segment, i) => {
      if (i === 0 || PARAM.test(segment)) return
      const parent = segments.slice(0, i).map((s) => PARAM.test(s) ? "{}" : s).join("/")
      const set = words.get(parent) ?? new Set<string>()
      set.add(segment)
      words.set(parent, set)
    })
  }
  return words
}

/** `/conversations/{conversationId}` → `^/conversations/(?!(?:search|messages)/?$)([^/]+)/?$` and its group names. */
const compile = (route: Route, reserved: Map<string, Set<string>>): Compiled => {
  const names: Array<string> = []
  const segments = route.path.split("/")
  const source = segments.map((segment, i) => {
    const param = PARAM.exec(segment)?.[1]
    if (param === undefined) return escape(segment)
    names.push(param)
    const parent = segments.slice(0, i).map((s) => PARAM.test(s) ? "{}" : s).join("/")
    const words = [...(reserved.get(parent) ?? [])].map(escape)
    return words.length === 0 ? "([^/]+)" : `(?!(?:${words.join("|")})(?:/|$))([^/]+)`
  }).join("/")
  return { route, pattern: new RegExp(`^${source}/?$`), names }
}

/** @internal */
export const makeRouter = (routes: ReadonlyArray<Route>): Router => {
  const reserved = reservedWords(routes)
  const compiled = routes.map((route) => compile(route, reserved))
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
