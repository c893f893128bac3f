/**
 * The webhook part of the control API: `/__mock/webhooks/*` (public key, subscriptions, faults, delivery log) and
 * `POST /__mock/inbound` (a contact sends a message). Bodies are decoded by the `MockWebhooks` Schemas, excess
 * properties refused, like the rest of the control API.
 *
 * @since 0.2.0
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { createHash, timingSafeEqual } from "node:crypto"
import * as MockWebhooks from "../../MockWebhooks.js"
import * as Responses from "../responses.js"
import type { Delivery } from "../webhooks/delivery.js"

/** What `POST /__mock/inbound` does: the stored message's ids, or why not (status + message). @internal */
export type Inbound = (
  input: MockWebhooks.InboundInput
) => Either.Either<
  { readonly conversationId: string; readonly messageId: string },
  { readonly status: number; readonly message: string }
>

interface WebhookRoutesState {
  readonly delivery: Delivery
  readonly publicKeyPem: string
  readonly inbound: Inbound
}

const ok = (body: unknown) => Responses.toResponse(Responses.json(200, body))
const bad = (status: number, message: string) =>
  Responses.toResponse(Responses.json(status, { statusCode: status, message }))

const decodeBody = async <A, I>(schema: Schema.Schema<A, I>, request: Request): Promise<Either.Either<A, string>> => {
  const text = await request.text()
  let json: unknown
  try {
    json = JSON.parse(text.trim() === "" ? "{}" : text)
  } catch {
    return Either.left("the body is not JSON: send a JSON object")
  }
  return Either.mapLeft(
    Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(json),
    (e) => ParseResult.TreeFormatter.formatErrorSync(e)
  )
}

/** Whether `path` (below `/__mock/`) is one of these routes. @internal */
export const ownsPath = (path: string): boolean => path === "inbound" || path.startsWith("webhooks/")

/** Answers the webhook control routes; `undefined` for a path it does not own. @internal */
export const makeWebhookRoutes = (state: WebhookRoutesState) => {
  const { delivery } = state
  return async (request: Request, path: string): Promise<Response | undefined> => {
    const route = `${request.method} ${path}`
    switch (route) {
      case "GET webhooks/public-key":
        return ok({ publicKey: state.publicKeyPem })
      case "GET webhooks/deliveries":
        return ok({ deliveries: delivery.deliveries() })
      case "DELETE webhooks/deliveries":
        delivery.clearDeliveries()
        return ok({ deliveries: [] })
      case "GET webhooks/subscriptions":
        return ok({ subscriptions: delivery.subscriptions() })
      case "POST webhooks/subscriptions":
        return Either.match(await decodeBody(MockWebhooks.SubscriptionInput, request), {
          onLeft: (message) => bad(400, message),
          onRight: (input) => ok({ subscription: delivery.subscribe(input) })
        })
      case "DELETE webhooks/subscriptions": {
        const id = new URL(request.url).searchParams.get("id")
        if (id === null) delivery.clearSubscriptions()
        else if (!delivery.unsubscribe(id)) return bad(404, `No subscription ${id}`)
        return ok({ subscriptions: delivery.subscriptions() })
      }
      case "GET webhooks/faults":
        return ok({ faults: delivery.faults() })
      case "PUT webhooks/faults":
        return Either.match(await decodeBody(MockWebhooks.DeliveryFaults, request), {
          onLeft: (message) => bad(400, message),
          onRight: ({ faults }) => {
            delivery.setFaults(faults)
            return ok({ faults: delivery.faults() })
          }
        })
      case "DELETE webhooks/faults":
        delivery.setFaults([])
        return ok({ faults: [] })
      case "POST inbound":
        return Either.match(await decodeBody(MockWebhooks.InboundInput, request), {
          onLeft: (message) => bad(400, message),
          onRight: (input) =>
            Either.match(state.inbound(input), {
              onLeft: ({ message, status }) => bad(status, message),
              onRight: (stored) => ok(stored)
            })
        })
      default:
        return ownsPath(path) ? bad(404, `Unknown control route ${request.method} /__mock/${path}`) : undefined
    }
  }
}

const digest = (text: string) => createHash("sha256").update(text).digest()

/**
 * The routes behind the control token, when the mock has one (the same rule as the rest of `/__mock/`): 401 without
 * `Authorization: Bearer <token>`. @internal
 */
export const guarded = (
  routes: (request: Request, path: string) => Promise<Response | undefined>,
  token: string | undefined
) =>
async (request: Request, path: string): Promise<Response> => {
  if (token !== undefined) {
    const given = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? ""
    // Compared as digests: equal length, and the time does not depend on where they differ.
    if (!timingSafeEqual(digest(given), digest(token))) return bad(401, "The control API needs its token")
  }
  return (await routes(request, path)) ?? bad(404, `Unknown control route ${request.method} /__mock/${path}`)
}
