/**
 * The HTTP control API under `/__mock/`: a table of routes over the typed `Control` (so the two cannot drift), with
 * request bodies decoded by Schemas. Control requests pass no gateway: no auth, no faults, no journal.
 *
 * @since 0.1.0
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as MockControl from "../../MockControl.js"
import * as MockFaults from "../../MockFaults.js"
import * as Responses from "../responses.js"

/** What the control routes read and change: the typed control API and the locations. */
interface ControlState extends MockControl.Control {
  readonly locations: () => ReadonlyArray<MockControl.MockLocation>
}

interface ControlRequest {
  readonly url: URL
  /** The body as text ("" for GET). */
  readonly text: string
}

interface ControlRoute {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The path below `/__mock/`, without a trailing slash. */
  readonly path: string
  readonly handle: (request: ControlRequest) => Response
}

const ok = (body: unknown) => Responses.toResponse(Responses.json(200, body))

const bad = (status: number, message: string) =>
  Responses.toResponse(Responses.json(status, { statusCode: status, message }))

const Json = Schema.parseJson()

/** An empty body is `{}`; anything else must be JSON that the schema accepts, with no excess property. */
const decodeBody = <A, I>(schema: Schema.Schema<A, I>, text: string): Either.Either<A, string> =>
  Either.flatMap(
    Either.mapLeft(
      Schema.decodeUnknownEither(Json)(text.trim() === "" ? "{}" : text),
      () => "the body is not JSON: send a JSON object"
    ),
    (json) =>
      Either.mapLeft(
        Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(json),
        (e) => ParseResult.TreeFormatter.formatErrorSync(e)
      )
  )

/** A route whose body is decoded by `schema` first; a bad body answers 400 with the schema's message. */
const withBody = <A, I>(schema: Schema.Schema<A, I>, handle: (body: A) => Response) => (request: ControlRequest) =>
  Either.match(decodeBody(schema, request.text), { onLeft: (message) => bad(400, message), onRight: handle })

const TokenToExpire = Schema.Struct({ token: Schema.String })

/** `{set}` (epoch ms or an ISO date) and/or `{advanceMs}`: set first, then advance. */
const ClockChange = Schema.Struct({
  set: Schema.optional(Schema.Union(Schema.Int, Schema.DateTimeUtc)),
  advanceMs: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
})

const routesOf = (control: ControlState): ReadonlyArray<ControlRoute> => [
  {
    method: "POST",
    path: "reset",
    handle: () => {
      control.reset()
      return ok(control.state())
    }
  },
  {
    method: "POST",
    path: "load",
    // A size the schema allows can still be refused by the scenario (RangeError): nothing changes then.
    handle: withBody(MockControl.LoadOptions, (options) =>
      Either.match(
        Either.try({ try: () => control.load(options), catch: (e) => e instanceof Error ? e.message : String(e) }),
        {
          onLeft: (message) => bad(400, message),
          onRight: () => ok({ state: control.state(), locations: control.locations() })
        }
      ))
  },
  { method: "GET", path: "faults", handle: () => ok({ rules: control.faults() }) },
  {
    method: "PUT",
    path: "faults",
    handle: withBody(MockFaults.FaultRules, ({ rules }) => {
      control.setFaults(rules)
      return ok({ rules: control.faults() })
    })
  },
  {
    method: "DELETE",
    path: "faults",
    handle: () => {
      control.clearFaults()
      return ok({ rules: [] })
    }
  },
  {
    method: "GET",
    path: "journal",
    handle: ({ url }) => {
      const limit = Number(url.searchParams.get("limit") ?? "")
      const entries = control.journal()
      return ok({ entries: Number.isInteger(limit) && limit > 0 ? entries.slice(-limit) : entries })
    }
  },
  {
    method: "DELETE",
    path: "journal",
    handle: () => {
      control.clearJournal()
      return ok({ entries: [] })
    }
  },
  { method: "GET", path: "state", handle: () => ok(control.state()) },
  { method: "GET", path: "clock", handle: () => ok({ now: control.clock() }) },
  {
    method: "POST",
    path: "clock",
    handle: withBody(ClockChange, ({ advanceMs, set }) => {
      if (set !== undefined) control.setClock(typeof set === "number" ? set : DateTime.toEpochMillis(set))
      if (advanceMs !== undefined) control.advanceClock(advanceMs)
      return ok({ now: control.clock() })
    })
  },
  { method: "GET", path: "locations", handle: () => ok({ locations: control.locations() }) },
  {
    method: "POST",
    path: "tokens/expire",
    handle: withBody(TokenToExpire, ({ token }) => {
      control.expireToken(token)
      return ok({ expired: token })
    })
  }
]

// Compares in time independent of where the two differ: the control token guards a mock reachable by others.
const sameSecret = (given: string, expected: string): boolean => {
  let diff = given.length ^ expected.length
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i)
  return diff === 0
}

/**
 * Answers `/__mock/<path>` (`path` without the prefix and trailing slashes); with a `token`, only requests that
 * carry `Authorization: Bearer <token>`. @internal
 */
export const makeControlApi = (control: ControlState, token?: string) => {
  const routes = routesOf(control)
  return async (request: Request, path: string): Promise<Response> => {
    if (token !== undefined) {
      const given = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]
      if (given === undefined || !sameSecret(given, token)) {
        return bad(
          401,
          "The control API needs Authorization: Bearer <control token> (the mock runs with --control-token)"
        )
      }
    }
    const route = routes.find((r) => r.method === request.method && r.path === path)
    if (route === undefined) return bad(404, `Unknown control route ${request.method} /__mock/${path}`)
    const text = request.method === "GET" ? "" : await request.text()
    return route.handle({ url: new URL(request.url), text })
  }
}
