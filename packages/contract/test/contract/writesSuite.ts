/**
 * The contract suite of the writes: what each write does to what the target serves afterwards (read back through
 * the API), and the errors a caller can cause, stated once and run against the mock in-process, the mock over HTTP,
 * and the real API only when a sandbox is named (see `contract.writes.real.test.ts`; the parts that need the mock's
 * provider token or would keep files run on the mock only). Each file gets a target of its own, since these tests
 * change its state: the read-only suite (`suite.ts`) compares the mock with its seed and must never see them. One
 * module per group: messages, conversations, provider writes, uploads and typing, preferences.
 */
import { layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { accessWrites } from "./accessWrites.js"
import { conversationWrites } from "./conversationWrites.js"
import { mediaWrites } from "./mediaWrites.js"
import { messageWrites } from "./messageWrites.js"
import { preferenceWrites } from "./preferenceWrites.js"
import { providerWrites } from "./providerWrites.js"
import { Target } from "./Target.js"
import type { WriteSubjects } from "./writeSupport.js"

export type { WriteSubjects } from "./writeSupport.js"

/** The subjects of a mock target: its seeded contact directory (some contacts have no conversation). */
export const mockSubjects: Effect.Effect<WriteSubjects, never, Target> = Effect.gen(function*() {
  const target = yield* Target
  const view = Option.getOrThrowWith(target.mock, () => new Error("mockSubjects needs a mock target"))
  const location = view.locations.find((l) => l.locationId === target.locationId)
  if (location === undefined) return yield* Effect.dieMessage("the target's location is not in the mock")
  const withConversation = new Set(view.store.conversationsOf(target.locationId).map((c) => c.contactId))
  const lonely = location.contactIds.filter((id) => !withConversation.has(id))
  const [first] = view.store.conversationsOf(target.locationId)
  if (first === undefined || lonely.length === 0) {
    return yield* Effect.dieMessage("the seed has no contacts to write to")
  }
  return { contactId: first.contactId, lonelyContactId: Option.fromNullable(lonely[0]) }
})

/** Registers the writes suite for one target. */
export const writesSuite = (
  name: string,
  target: Layer.Layer<Target, unknown>,
  subjects: Effect.Effect<WriteSubjects, never, Target>,
  capabilities: { readonly mock: boolean }
) =>
  layer(target, { timeout: "120 seconds", excludeTestServices: true })(name, (it) => {
    messageWrites(it, subjects, capabilities)
    conversationWrites(it, subjects, capabilities)
    // The real sandbox runs the writes above only: the ones below need the mock's provider token and seeded ids, or
    // would keep files and subscription changes on a real location.
    if (capabilities.mock) {
      providerWrites(it, subjects)
      mediaWrites(it)
      preferenceWrites(it, subjects)
      accessWrites(it)
    }
  })
