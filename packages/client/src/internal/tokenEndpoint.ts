/**
 * One request to the OAuth token endpoint (`POST /oauth/token`): the form, the answer decoded as a token response,
 * and a refusal or an outage mapped to the client's errors, with every secret of the grant scrubbed from them.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as ConversationsConfig from "../ConversationsConfig.js"
import { TransportError, UnauthorizedError } from "../ConversationsError.js"
import { withoutRedirects } from "./redirects.js"
import { NumberLenient } from "./schema.js"

const TokenResponse = Schema.Struct({
  access_token: Schema.NonEmptyString,
  token_type: Schema.optional(Schema.String),
  expires_in: Schema.optional(NumberLenient),
  refresh_token: Schema.optional(Schema.NonEmptyString),
  scope: Schema.optional(Schema.String),
  userType: Schema.optional(Schema.String),
  locationId: Schema.optional(Schema.String),
  companyId: Schema.optional(Schema.String),
  userId: Schema.optional(Schema.String)
})
const decodeTokenResponse = Schema.decodeUnknownEither(Schema.parseJson(TokenResponse))

/**
 * A token endpoint's 2xx answer: its status and its body as sent (the OAuth provider turns it into an `IssuedToken`).
 *
 * @internal
 */
interface Granted {
  readonly status: number
  readonly body: typeof TokenResponse.Type
}

type TokenError = UnauthorizedError | TransportError

// OAuth errors are `{error, error_description}` (RFC 6749); HighLevel's gateway also sends `{statusCode, message}`.
const ErrorBody = Schema.Struct({
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String),
  message: Schema.optional(Schema.Union(Schema.String, Schema.Array(Schema.String)))
})
const decodeErrorBody = Schema.decodeUnknownOption(Schema.parseJson(ErrorBody))

const maxKeptBody = 2048

/**
 * One grant sent to the token endpoint.
 *
 * @internal
 */
export interface Grant {
  readonly operation: string
  readonly tokenUrl: string
  readonly timeout: Duration.Duration
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The form fields of the grant: secrets stay `Redacted` until the body is encoded. */
  readonly fields: Readonly<Record<string, string | Redacted.Redacted<string> | undefined>>
}

// A server that echoes the grant back must not smuggle a secret into an error message.
const scrubberOf = (grant: Grant) => {
  const secrets = [grant.clientSecret, ...Object.values(grant.fields)].flatMap((field) =>
    Redacted.isRedacted(field) ? [Redacted.value(field)] : []
  )
  return (text: string) =>
    secrets.reduce((acc, secret) => secret.length === 0 ? acc : acc.split(secret).join("<redacted>"), text)
      .slice(0, maxKeptBody)
}

// The form, with the secrets revealed only here, where the body is encoded.
const formOf = (grant: Grant): Record<string, string> => {
  const form: Record<string, string> = { client_id: grant.clientId, client_secret: Redacted.value(grant.clientSecret) }
  for (const [key, value] of Object.entries(grant.fields)) {
    if (value !== undefined) form[key] = Redacted.isRedacted(value) ? Redacted.value(value) : value
  }
  return form
}

const unusable = (grant: Grant, detail: string) =>
  new TransportError({ operation: grant.operation, reason: "network", detail })

// A 2xx must be a token response.
const grantedFrom = (grant: Grant, status: number, text: string): Effect.Effect<Granted, TransportError> =>
  Either.match(decodeTokenResponse(text), {
    onLeft: () =>
      Effect.fail(unusable(grant, `the token endpoint answered ${status} with a body that is not a token response`)),
    onRight: (body) => Effect.succeed({ status, body })
  })

// Anything else: an outage (429, 5xx) the client's retry policy may retry, or a refusal needing new credentials.
const refusalFrom = (grant: Grant, status: number, text: string): TokenError => {
  const scrub = scrubberOf(grant)
  const messages = Option.match(decodeErrorBody(text), {
    onNone: () => [],
    onSome: (b) =>
      [
        b.error,
        b.error_description,
        ...(b.message === undefined ? [] : typeof b.message === "string" ? [b.message] : b.message)
      ].filter((m): m is string => m !== undefined).map(scrub)
  })
  // 429 and 5xx may pass: they are transport-like, and the client's retry policy retries TransportError.
  if (status === 429 || status >= 500) {
    return unusable(
      grant,
      `the token endpoint answered ${status}` + (messages.length > 0 ? `: ${messages.join("; ")}` : "")
    )
  }
  // Everything else (invalid_grant, invalid_client, a bad request) needs new credentials, not another attempt.
  return new UnauthorizedError({
    operation: grant.operation,
    status,
    messages,
    reason: "invalid_token",
    body: scrub(text)
  })
}

const answerOf = (grant: Grant, response: HttpClientResponse.HttpClientResponse) =>
  Effect.flatMap(
    Effect.mapError(response.text, (error) => unusable(grant, error.description ?? error.reason)),
    (text) =>
      response.status >= 200 && response.status < 300
        ? grantedFrom(grant, response.status, text)
        : Effect.fail(refusalFrom(grant, response.status, text))
  )

/**
 * Sends one grant and reads the answer: the token response, or a refusal (`UnauthorizedError`) or an outage
 * (`TransportError`, which the client's retry policy treats as transient).
 *
 * @internal
 */
export const requestToken = (http: HttpClient.HttpClient, grant: Grant): Effect.Effect<Granted, TokenError> =>
  http.execute(
    HttpClientRequest.post(grant.tokenUrl).pipe(
      HttpClientRequest.acceptJson,
      HttpClientRequest.bodyUrlParams(formOf(grant))
    )
  ).pipe(
    Effect.mapError((error) => unusable(grant, error.description ?? error.reason)),
    Effect.flatMap((response) => answerOf(grant, response))
  )

/**
 * Runs a token request within the grant's timeout, under a span of its own (`grant.operation`, the token URL; never
 * the form).
 *
 * @internal
 */
export const withinGrant = <A, E>(
  grant: Grant,
  effect: Effect.Effect<A, E>
): Effect.Effect<A, E | TransportError> =>
  effect.pipe(
    Effect.timeoutFail({
      duration: grant.timeout,
      onTimeout: () =>
        new TransportError({
          operation: grant.operation,
          reason: "timeout",
          detail: `no token response within ${Duration.format(grant.timeout)}`
        })
    }),
    Effect.withSpan(grant.operation, { attributes: { "url.full": grant.tokenUrl } })
  )

/**
 * The token URL: `tokenUrl` when given, else `${baseUrl}/oauth/token`.
 *
 * @internal
 */
export const tokenUrlOf = (
  options: { readonly baseUrl?: string | undefined; readonly tokenUrl?: string | undefined }
): string =>
  options.tokenUrl ?? `${(options.baseUrl ?? ConversationsConfig.defaultBaseUrl).replace(/\/+$/, "")}/oauth/token`

/**
 * The time one token request may take by default.
 *
 * @internal
 */
export const defaultTimeout = Duration.seconds(30)

/**
 * The client token requests go through. No trace headers to a third party, and no platform `http.client` span: its
 * exit holds the request, whose body is the form with the client secret and the refresh token (`requestToken` opens
 * its own span without them). No redirects either: a 307 would post that form to wherever its `Location` points.
 *
 * @internal
 */
export const tokenClient = (http: HttpClient.HttpClient): HttpClient.HttpClient =>
  http.pipe(HttpClient.withTracerPropagation(false), HttpClient.withTracerDisabledWhen(() => true), withoutRedirects)
