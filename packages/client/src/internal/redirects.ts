/**
 * Keeping every request on the configured host.
 *
 * @since 0.1.0
 * @internal
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * Makes the client's requests never follow a redirect, whatever the transport. `fetch` follows up to 20 redirects to
 * any host by default, so a `Location` header (a value from a response) could move a request away from the base URL
 * (and a same-origin one keeps the bearer header); undici's `request` never follows. The fetch client reads its
 * `RequestInit` from the context of each request, so the user's own options are kept and only `redirect` is forced.
 * A 3xx then surfaces as a typed status error.
 *
 * @internal
 */
export const withoutRedirects = (http: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(http, (effect) => Effect.mapInputContext(effect, withoutRedirectsContext))

/**
 * The same, as a change to the context requests run in, for callers that set up that context anyway: the client
 * adds it to the scope each attempt gets, one context change instead of two.
 *
 * @internal
 */
export const withoutRedirectsContext = <R>(context: Context.Context<R>): Context.Context<R> =>
  Context.add(context, FetchHttpClient.RequestInit, {
    ...Option.getOrElse(Context.getOption(context, FetchHttpClient.RequestInit), () => ({})),
    redirect: "manual"
  })
