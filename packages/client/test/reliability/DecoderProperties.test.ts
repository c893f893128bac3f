/**
 * Property: whatever a server answers (random JSON, near-valid bodies with random fields broken, random text, random
 * status and rate-limit headers), every operation ends in a success or one of the client's typed errors: never a
 * defect. In-process (a scripted HttpClient), so thousands of cases take a second or two.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as FiberId from "effect/FiberId"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ConversationsClient from "../../src/ConversationsClient.js"
import { type ConversationsError, TransportError } from "../../src/ConversationsError.js"
import { conversationBody, message, searchPage, summary, wrappedPage } from "../utils/bodies.js"
import { isTypedOutcome, outcome } from "./support/exits.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type Path = ReadonlyArray<string | number>

const pathsOf = (value: Json, prefix: Path = []): Array<Path> => {
  const here = [prefix]
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))]
  if (typeof value === "object" && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))]
  }
  return here
}

/** `value` with the node at `path` replaced (or removed, for `undefined`). */
const setAt = (value: Json, path: Path, replacement: Json | undefined): Json | undefined => {
  const [head, ...rest] = path
  if (head === undefined) return replacement
  if (Array.isArray(value) && typeof head === "number") {
    const copy: Array<Json> = [...value]
    const next = setAt(copy[head] ?? null, rest, replacement)
    if (next === undefined) copy.splice(head, 1)
    else copy[head] = next
    return copy
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value) && typeof head === "string") {
    const copy: Record<string, Json> = { ...(value as Record<string, Json>) }
    const next = setAt(copy[head] ?? null, rest, replacement)
    if (next === undefined) delete copy[head]
    else copy[head] = next
    return copy
  }
  return value
}

const randomJson = FastCheck.jsonValue({ maxDepth: 3 }) as FastCheck.Arbitrary<Json>

// Wrong types where types matter: the values decoders most often meet in a broken response.
const hostileLeaf: FastCheck.Arbitrary<Json | undefined> = FastCheck.oneof(
  randomJson,
  FastCheck.constantFrom<Json | undefined>(
    undefined,
    null,
    "",
    "NaN",
    "1e400",
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER,
    "2024-02-30T25:61:00Z",
    "../../etc/passwd",
    [],
    {},
    true
  )
)

/** A valid body with up to five nodes replaced by hostile values or removed. */
const nearlyValid = (valid: Json): FastCheck.Arbitrary<Json | undefined> => {
  const paths = pathsOf(valid)
  return FastCheck.array(FastCheck.tuple(FastCheck.constantFrom(...paths), hostileLeaf), { minLength: 1, maxLength: 5 })
    .map((edits) =>
      edits.reduce<Json | undefined>(
        (acc, [path, leaf]) => acc === undefined ? undefined : setAt(acc, path, leaf),
        valid
      )
    )
}

const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json

const validBodies = {
  conversation: asJson(conversationBody),
  messages: asJson(wrappedPage([message(1), message(2)], true)),
  flatMessages: asJson({ lastMessageId: "m2", nextPage: false, messages: [message(1), message(2)] }),
  search: asJson(searchPage([summary(1), summary(2)], 2))
}

/** Bodies aimed at one operation: mostly its own body with a few nodes broken, sometimes anything at all. */
const bodyFor = (...valid: ReadonlyArray<Json>): FastCheck.Arbitrary<string> =>
  FastCheck.oneof(
    { weight: 6, arbitrary: FastCheck.oneof(...valid.map(nearlyValid)).map((b) => JSON.stringify(b) ?? "") },
    { weight: 1, arbitrary: FastCheck.constantFrom(...valid).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: randomJson.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: FastCheck.string({ maxLength: 200 }) },
    {
      weight: 1,
      // Truncated JSON.
      arbitrary: FastCheck.tuple(FastCheck.constantFrom(...valid), FastCheck.nat()).map(([body, cut]) => {
        const text = JSON.stringify(body)
        return text.slice(0, cut % text.length)
      })
    }
  )

const headerValue = FastCheck.oneof(
  FastCheck.constantFrom("0", "1", "-1", "1.5", "1e400", "NaN", "", " ", "Wed, 21 Oct 2015 07:28:00 GMT", "soon"),
  FastCheck.nat().map(String),
  FastCheck.string({ maxLength: 20 }).filter((s) => /^[\x20-\x7e]*$/.test(s))
)

const headersArb = FastCheck.dictionary(
  FastCheck.constantFrom(
    "retry-after",
    "x-ratelimit-max",
    "x-ratelimit-remaining",
    "x-ratelimit-interval-milliseconds",
    "x-ratelimit-limit-daily",
    "x-ratelimit-daily-remaining",
    "x-ratelimit-daily-reset",
    "content-type"
  ),
  headerValue,
  { maxKeys: 4 }
)

const statusArb = FastCheck.oneof(
  { weight: 6, arbitrary: FastCheck.constant(200) },
  { weight: 4, arbitrary: FastCheck.constantFrom(201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503) },
  { weight: 1, arbitrary: FastCheck.integer({ min: 200, max: 599 }) }
)

interface Answer {
  readonly status: number
  readonly body: string
  readonly headers: Record<string, string>
}

const answerArb = (body: FastCheck.Arbitrary<string>): FastCheck.Arbitrary<Answer> =>
  FastCheck.record({ status: statusArb, body, headers: headersArb })

/** A client whose every request gets the current answer (a null body for statuses that cannot carry one). */
const clientAnswering = (current: () => Answer) =>
  ConversationsClient.make({
    token: Redacted.make("prop-token"),
    baseUrl: "https://api.test",
    locationId: "loc",
    rateLimit: false,
    retry: false
  }).pipe(
    Effect.provideService(
      HttpClient.HttpClient,
      HttpClient.make((request) =>
        Effect.sync(() => {
          const answer = current()
          return HttpClientResponse.fromWeb(
            request,
            new Response([204, 205, 304].includes(answer.status) ? null : answer.body, {
              status: answer.status,
              headers: answer.headers
            })
          )
        })
      )
    )
  )

const conversationBodies = bodyFor(validBodies.conversation)
const messageBodies = bodyFor(validBodies.messages, validBodies.flatMessages)
const searchBodies = bodyFor(validBodies.search)

const operations = [
  ["getConversation", conversationBodies, (client: ConversationsClient.Service) => client.getConversation("c1")],
  ["getMessagesPage", messageBodies, (client: ConversationsClient.Service) => client.getMessagesPage("c1")],
  [
    "searchConversationsPage",
    searchBodies,
    (client: ConversationsClient.Service) => client.searchConversationsPage({ limit: 2 })
  ],
  // Streams meet the same body page after page; bounded, since a random server may promise pages forever.
  [
    "listMessages",
    messageBodies,
    (client: ConversationsClient.Service) => Stream.runDrain(Stream.take(client.listMessages("c1", { limit: 2 }), 6))
  ],
  [
    "searchConversations",
    searchBodies,
    (client: ConversationsClient.Service) => Stream.runDrain(Stream.take(client.searchConversations({ limit: 2 }), 6))
  ]
] as const

describe("random responses never escape the typed error channel", () => {
  for (const [name, bodies, operation] of operations) {
    it(`${name}: success or a typed error, whatever the body, status and headers`, async () => {
      let answer: Answer = { status: 200, body: "", headers: {} }
      const client = await Effect.runPromise(Effect.scoped(clientAnswering(() => answer)))
      await FastCheck.assert(
        FastCheck.asyncProperty(answerArb(bodies), async (next) => {
          answer = next
          const result = outcome(await Effect.runPromiseExit<unknown, ConversationsError>(operation(client)))
          expect(isTypedOutcome(result), result).toBe(true)
        }),
        { numRuns: 200 }
      )
    })
  }
})

describe("the outcome classifier the properties rely on", () => {
  it("tells successes and typed errors from defects, interruptions and untyped failures", () => {
    const typed = new TransportError({ operation: "x", reason: "network", detail: "reset" })
    expect([
      isTypedOutcome(outcome(Exit.succeed(1))),
      isTypedOutcome(outcome(Exit.fail(typed))),
      isTypedOutcome(outcome(Exit.die(new TypeError("boom")))),
      isTypedOutcome(outcome(Exit.interrupt(FiberId.none))),
      isTypedOutcome(outcome(Exit.fail(new Error("untagged")))),
      isTypedOutcome(outcome(Exit.failCause(Cause.parallel(Cause.fail(typed), Cause.die("boom")))))
    ]).toEqual([true, true, false, false, false, false])
  })
})
