/**
 * One node request answered through `mock.fetch`: the adapter's refusals first (method, raw path, body size), then
 * the Fetch request, the mock's answer, and that answer written back.
 *
 * @since 0.1.0
 * @internal
 */
import type * as Http from "node:http"
import type * as HighLevelMock from "../../HighLevelMock.js"
import { bodyOf } from "./body.js"
import { json } from "./refusals.js"
import { send } from "./send.js"
import { allowedMethods, methodNotAllowed, rawPathProblem, toRequest, unsupportedMethods } from "./target.js"

/** Answers one node request through `mock.fetch`; `base` is the origin the handlers match. @internal */
export const handle = async (
  mock: HighLevelMock.HighLevelMock,
  maxBody: number,
  base: string,
  req: Http.IncomingMessage,
  res: Http.ServerResponse
) => {
  const method = (req.method ?? "GET").toUpperCase()
  if (unsupportedMethods.has(method)) {
    res.setHeader("allow", allowedMethods)
    json(res, 405, { statusCode: 405, message: methodNotAllowed(method) })
    return
  }
  const problem = rawPathProblem(req.url ?? "/")
  if (problem !== undefined) {
    json(res, 400, { statusCode: 400, message: `Malformed request target: ${problem}` })
    return
  }
  const body = await bodyOf(req, res, maxBody)
  if (body === undefined) return
  // With a configured baseUrl the handlers only match it (origin and path prefix): rewrite to it.
  const request = toRequest(req, mock.baseUrl ?? base, body.bytes)
  if (request === undefined) {
    json(res, 400, { statusCode: 400, message: "Malformed request target" })
    return
  }
  let response: Response
  try {
    response = await mock.fetch(request)
  } catch (e) {
    // A bug in the mock, not bad input: say so instead of hanging the client.
    json(res, 500, { statusCode: 500, message: `Mock server error: ${e instanceof Error ? e.message : String(e)}` })
    return
  }
  await send(req, res, response)
}

/** The paths whose bodies get the upload limit (under any mount prefix). @internal */
export const UPLOAD_PATH = /\/(?:conversations\/messages\/upload\/?|__mock\/uploads\/[^/?]+)(?:\?|$)/
