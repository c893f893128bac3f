/**
 * The OAuth token endpoint: `refresh_token` rotates the location's refresh token (the old one stops working) and
 * `authorization_code` codes are single-use; both hand out a new full-scope access token.
 *
 * @since 0.1.0
 * @internal
 */
import * as Either from "effect/Either"
import type { Auth } from "../auth.js"
import type { StoredLocation } from "../model.js"
import type * as Responses from "../responses.js"
import { json, type OAuthClientContext } from "./route.js"

/** What the token endpoint reads and changes: the client it accepts and the token registry's grant side. @internal */
export interface OAuthState {
  readonly client: { readonly clientId: string; readonly clientSecret: string }
  readonly auth: Pick<Auth, "redeemCode" | "issue">
}

// RFC 6749 error bodies, with the API's statusCode and traceId.
const refusal = (ctx: OAuthClientContext, status: number, error: string, message: string) =>
  Either.left(json(ctx, status, { statusCode: status, error, message, traceId: ctx.traceId }))

/** The grant's own checks, in order: the location to issue tokens for, or the refusal. */
const check = (
  ctx: OAuthClientContext,
  form: URLSearchParams,
  state: OAuthState
): Either.Either<StoredLocation, Responses.Prepared> => {
  const contentType = ctx.request.headers.get("content-type") ?? ""
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return refusal(ctx, 400, "invalid_request", "Send the parameters as application/x-www-form-urlencoded")
  }
  const missing = ["client_id", "client_secret", "grant_type"].filter((k) => !form.get(k))
  if (missing.length > 0) return refusal(ctx, 400, "invalid_request", `Missing parameter(s): ${missing.join(", ")}`)
  if (form.get("client_id") !== state.client.clientId || form.get("client_secret") !== state.client.clientSecret) {
    return refusal(ctx, 401, "invalid_client", "Invalid client credentials")
  }
  switch (form.get("grant_type")) {
    case "refresh_token":
      if (!form.get("refresh_token")) return refusal(ctx, 400, "invalid_request", "Missing parameter(s): refresh_token")
      return ctx.grant === undefined
        ? refusal(ctx, 401, "invalid_grant", "Invalid grant: refresh token is invalid")
        : Either.right(ctx.grant)
    case "authorization_code": {
      const code = form.get("code")
      if (!code) return refusal(ctx, 400, "invalid_request", "Missing parameter(s): code")
      return ctx.grant === undefined || !state.auth.redeemCode(code)
        ? refusal(ctx, 401, "invalid_grant", "Invalid grant: authorization code is invalid")
        : Either.right(ctx.grant)
    }
    default:
      return refusal(ctx, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
  }
}

/** POST /oauth/token (form-encoded). @internal */
export const token = (ctx: OAuthClientContext, state: OAuthState): Responses.Prepared => {
  const checked = check(ctx, new URLSearchParams(ctx.body), state)
  if (Either.isLeft(checked)) return checked.left
  const location = checked.right
  const issued = state.auth.issue(location)
  return json(ctx, 200, {
    access_token: issued.accessToken,
    token_type: "Bearer",
    expires_in: 86399,
    refresh_token: issued.refreshToken,
    scope: [...issued.scopes].join(" "),
    userType: "Location",
    locationId: location.locationId,
    companyId: location.companyId,
    userId: location.userIds[0] ?? "",
    traceId: ctx.traceId
  })
}
