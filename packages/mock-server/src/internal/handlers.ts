/**
 * The msw request handlers: thin routing into the engine. Order matters: `/conversations/search` must come before
 * `/conversations/:conversationId`, and the catch-alls come last.
 *
 * @since 0.1.0
 * @internal
 */
import { http, type HttpHandler } from "msw"
import type { Engine } from "./engine.js"

const param = (value: string | ReadonlyArray<string> | undefined): string =>
  typeof value === "string" ? value : value?.join("/") ?? ""

/**
 * `baseUrl` undefined: the handlers match any origin (`*`), so `https://services.leadconnectorhq.com`,
 * `http://mock.local` and `http://127.0.0.1:4010` all work.
 *
 * @internal
 */
export const makeHandlers = (engine: Engine, baseUrl: string | undefined): ReadonlyArray<HttpHandler> => {
  const at = baseUrl === undefined ? "*" : baseUrl.replace(/\/+$/, "")
  const notFound = ({ request }: { request: Request }) => engine.notFound(request)
  return [
    http.get(`${at}/conversations/search`, ({ request }) => engine.api("search", request, {})),
    http.get(
      `${at}/conversations/:conversationId/messages`,
      ({ params, request }) => engine.api("getMessages", request, { conversationId: param(params.conversationId) })
    ),
    http.get(
      `${at}/conversations/:conversationId`,
      ({ params, request }) => engine.api("getConversation", request, { conversationId: param(params.conversationId) })
    ),
    http.post(`${at}/oauth/token`, ({ request }) => engine.oauthToken(request)),
    http.all(`${at}/__mock/*`, ({ request }) => {
      const path = new URL(request.url).pathname
      return engine.control(request, path.slice(path.indexOf("/__mock/") + "/__mock/".length).replace(/\/+$/, ""))
    }),
    http.all(`${at}/conversations`, notFound),
    http.all(`${at}/conversations/*`, notFound),
    http.all(`${at}/oauth/*`, notFound)
  ]
}
