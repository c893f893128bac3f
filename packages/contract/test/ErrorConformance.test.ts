/**
 * Conformance of the error bodies of the 18 writes: for each, the requests a caller can get wrong (a bad token, a
 * token without the write scope, a body that is not JSON, an unknown property or a missing field, another location, an
 * unknown id, a state the write does not apply to) are sent as such to the mock over HTTP, and each answer has the
 * expected status and a body that validates against the published error schemas plus the overrides (D20 names what
 * the spec leaves out: 403, 404, 422, 429 on these operations, `error` on a 400, `message` as a list).
 */
import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Conformance from "../src/Conformance.js"
import * as Overrides from "../src/Overrides.js"
import type { Endpoint } from "../src/PublishedSchemas.js"
import { load } from "../src/PublishedSchemas.js"
import { type Case, cases, type Subjects } from "./conformance/errorCases.js"

interface Answer {
  readonly case: Case
  readonly status: number
  readonly body: unknown
}

/** Sends every case, as written, to a fresh mock over HTTP. */
const answers = Effect.gen(function*() {
  const mock = HighLevelMock.make({ seed: 11, conversations: 12, messagesPerConversation: 8, rateLimit: false })
  const server = yield* Effect.acquireRelease(
    Effect.promise(() => MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })),
    (running) => Effect.promise(() => running.close())
  )
  const [location, other] = mock.locations
  const conversation = location?.conversationIds[0]
  const otherConversation = other?.conversationIds[0]
  const contactId = mock.store.conversation(conversation ?? "")?.contactId
  const message = mock.store.messagesOf(conversation ?? "").find((m) => m.messageType === "TYPE_SMS")?.id
  const otherMessage = mock.store.messagesOf(otherConversation ?? "")[0]?.id
  if (
    location === undefined || other === undefined || conversation === undefined || otherConversation === undefined ||
    contactId === undefined || message === undefined || otherMessage === undefined
  ) return yield* Effect.dieMessage("the seed lacks two locations with conversations and messages")
  const subjects: Subjects = {
    L: location.locationId,
    O: other.locationId,
    conversation,
    otherConversation,
    contactId,
    message,
    otherMessage
  }
  const tokens = { bad: "pit-00000000-0000-4000-8000-000000000000", ...location.tokens }
  const out: Array<Answer> = []
  for (const one of cases(subjects)) {
    const method = load().endpoints[one.endpoint].method
    const response = yield* Effect.promise(() =>
      fetch(`${server.url}${one.path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens[one.token ?? "full"]}`,
          version: "2021-04-15",
          accept: "application/json",
          // A form sets its own content type (with the boundary).
          ...(typeof one.body === "string" ? { "content-type": "application/json" } : {})
        },
        ...(one.body !== undefined ? { body: one.body } : {})
      })
    )
    const text = yield* Effect.promise(() => response.text())
    out.push({ case: one, status: response.status, body: JSON.parse(text) })
  }
  return out
})

let sent: Promise<ReadonlyArray<Answer>> | undefined
const answersOnce = Effect.suspend(() => {
  sent ??= Effect.runPromise(Effect.scoped(answers))
  const running = sent
  return Effect.promise(() => running)
})

const problemsUnder = (validator: Conformance.Validator, all: ReadonlyArray<Answer>) =>
  all.flatMap((answer) =>
    validator.validateResponse(answer.case.endpoint, answer.status, answer.body).map((problem) =>
      `${answer.case.endpoint} (${answer.case.why}) ${answer.status}: ${problem}`
    )
  )

describe("conformance of the writes' error bodies (mock over HTTP)", () => {
  it.effect("each request a caller can get wrong is answered with its status", () =>
    Effect.gen(function*() {
      const all = yield* answersOnce
      const wrong = all.filter((answer) => answer.status !== answer.case.status).map((answer) =>
        `${answer.case.endpoint} (${answer.case.why}): ${answer.status}, expected ${answer.case.status}`
      )
      expect(wrong).toEqual([])
    }))

  it.effect("every write is covered: 401 for each, 400 and 422 for each body, 403 and 404 where ids can be wrong", () =>
    Effect.gen(function*() {
      const all = yield* answersOnce
      const statusesOf = (endpoint: Endpoint) =>
        [...new Set(all.filter((answer) => answer.case.endpoint === endpoint).map((answer) => answer.status))].sort()
      const writes = [...new Set(all.map((answer) => answer.case.endpoint))]
      expect(writes.length).toBe(18)
      for (const endpoint of writes) expect(statusesOf(endpoint), endpoint).toContain(401)
      expect(all.filter((answer) => answer.status === 403).length).toBeGreaterThanOrEqual(10)
      expect(all.filter((answer) => answer.status === 404).length).toBeGreaterThanOrEqual(14)
      expect(statusesOf("upload-file-attachments")).toEqual([400, 401, 403, 404, 413, 415, 422])
    }))

  it.effect("every error body validates against the published error schemas with D20", () =>
    Effect.gen(function*() {
      const all = yield* answersOnce
      expect(problemsUnder(Conformance.validator(), all)).toEqual([])
    }))

  it.effect("without D20 the same bodies fail: 403/404/422 are undocumented, a 400 carries `error`", () =>
    Effect.gen(function*() {
      const all = yield* answersOnce
      const without = Conformance.make({ overrides: Overrides.all.filter((override) => override.id !== "D20") })
      const problems = problemsUnder(without, all)
      expect(problems.some((problem) => /403: status 403 is not a documented response/.test(problem))).toBe(true)
      expect(problems.some((problem) => /404: status 404 is not a documented/.test(problem))).toBe(true)
      expect(problems.some((problem) => /400: body must NOT have additional properties \(error\)/.test(problem)))
        .toBe(true)
    }))

  it.effect("an error body of the wrong shape fails (a number as message, an unknown field)", () =>
    Effect.gen(function*() {
      const [first] = yield* answersOnce
      if (first === undefined) return yield* Effect.dieMessage("no answer")
      const validator = Conformance.validator()
      expect(validator.validateResponse("send-a-new-message", 404, { statusCode: 404, message: 404 })).not.toEqual([])
      expect(validator.validateResponse("send-a-new-message", 403, { statusCode: 403, message: "x", hint: "y" }))
        .toEqual(["body must NOT have additional properties (hint)"])
    }))
})
