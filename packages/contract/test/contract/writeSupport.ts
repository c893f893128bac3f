/**
 * What the parts of the writes suite share: the contacts the writes address, the mock's view of the target's
 * location (tokens, provider, seeded conversations) for the mock-only parts, and a marker text no other run sent.
 */
import type { HighLevelMock, MockStore } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { Target } from "./Target.js"

/** The contacts the writes address. */
export interface WriteSubjects {
  /** A contact of the target's location; a conversation with it exists or is created by the first send. */
  readonly contactId: string
  /** A contact of the location without a conversation (mock only: the real sandbox names none). */
  readonly lonelyContactId: Option.Option<string>
}

/** The mock's view of the target's location: its tokens, its conversation provider, its seeded store. */
export interface MockLocationView {
  readonly location: HighLevelMock.MockLocation
  readonly store: MockStore.Store
  /** The provider app's token (the only one update-message-status accepts). */
  readonly providerToken: Redacted.Redacted<string>
}

/** The view of a mock target (dies on the real API: the parts using it are registered on the mock only). */
export const mockLocation: Effect.Effect<MockLocationView, never, Target> = Effect.gen(function*() {
  const target = yield* Target
  const view = yield* Effect.orDieWith(target.mock, () => "not a mock target")
  const location = view.locations.find((l) => l.locationId === target.locationId)
  if (location === undefined) return yield* Effect.dieMessage("the target's location is not in the mock")
  return { location, store: view.store, providerToken: Redacted.make(location.tokens.provider) }
})

/** A seeded conversation of the location whose search document satisfies `keep`. */
export const seededConversation = (keep: (type: string | number | undefined) => boolean, what: string) =>
  Effect.flatMap(mockLocation, ({ location, store }) => {
    const found = store.conversationsOf(location.locationId).find((conversation) => keep(conversation.type))
    return found === undefined ? Effect.dieMessage(`the seed has no ${what}`) : Effect.succeed(found)
  })

/** A text no other run sent, so that a message read back is this run's. */
export const marker = `contract ${Date.now().toString(36)}`

/** How many requests the target has seen so far: a check made before sending leaves it unchanged. */
export const sentCount: Effect.Effect<number, never, Target> = Effect.map(Target, (target) => target.exchanges.length)
