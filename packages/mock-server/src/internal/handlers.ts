/**
 * The msw side: one request handler that claims the paths the mock owns (its API prefixes and `/__mock/`) and hands
 * each request to the router, then to the gateway or the control API.
 *
 * One handler rather than one per route: msw runs every handler's matcher (URL and cookie parsing included) until one
 * matches, so the cost of a request would grow with the number of routes; here it is one match over the table.
 * Matching is on the raw pathname (see `router.ts`).
 *
 * @since 0.1.0
 * @internal
 */
import { http, type HttpHandler } from "msw"
import type { Gateway } from "./gateway.js"
import type { Router } from "./router.js"

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

const CONTROL = "/__mock/"

interface HandlerParts {
  readonly router: Router
  readonly gateway: Gateway
  /** The control API, given the path below `/__mock/` without trailing slashes. */
  readonly control: (request: Request, path: string) => Promise<Response>
}

/**
 * One request answered without msw: the control API, a route's gateway or the API's 404 for an unknown path under
 * its prefixes; `undefined` for a path the mock does not own (the caller answers it). `HighLevelMock.fetch` (and so
 * `MockHttpServer`) calls this directly, and the msw handler below wraps it.
 *
 * @internal
 */
export type Dispatch = (request: Request) => Response | Promise<Response> | undefined

/**
 * `baseUrl` undefined: any origin is answered, so `https://services.leadconnectorhq.com`, `http://mock.local` and
 * `http://127.0.0.1:4010` all work.
 *
 * @internal
 */
export const makeDispatch = (parts: HandlerParts, baseUrl: string | undefined): Dispatch => {
  const mount = mountOf(baseUrl)
  const { control, gateway, router } = parts
  return (request) => {
    const path = pathOf(mount, request)
    if (path === undefined) return undefined
    if (path.startsWith(CONTROL)) return control(request, path.slice(CONTROL.length).replace(/\/+$/, ""))
    if (!router.owns(path)) return undefined
    const match = router.match(request.method, path)
    return match === undefined ? gateway.notFound(request) : gateway.serve(match, request)
  }
}

/**
 * The msw handler over `dispatch`: it claims what `dispatch` answers (the control API and the owned paths), so an
 * application's other handlers and unhandled-request policy see everything else.
 *
 * @internal
 */
export const makeHandlers = (
  parts: HandlerParts,
  baseUrl: string | undefined,
  dispatch: Dispatch
): ReadonlyArray<HttpHandler> => {
  const mount = mountOf(baseUrl)
  const claims = ({ request }: { request: Request }) => {
    const path = pathOf(mount, request)
    return path !== undefined && (path.startsWith(CONTROL) || parts.router.owns(path))
  }
  return [
    http.all(claims, ({ request }) => dispatch(request))
  ]
}
