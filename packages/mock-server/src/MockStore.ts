/**
 * Read-only access to the data a mock serves, in API order and as wire JSON, so tests can assert "the exported set
 * equals every seeded message" without going through HTTP. Every call returns fresh copies.
 *
 * @since 0.1.0
 */
import type { Collection } from "@msw/data"
import type * as Schema from "effect/Schema"
import type * as MockScenario from "./MockScenario.js"
import type * as MockWire from "./MockWire.js"

/**
 * The Standard Schemas of the @msw/data collections.
 *
 * @since 0.1.0
 * @category models
 */
export interface CollectionSchemas {
  readonly conversation: Schema.Schema<MockWire.SearchConversation> & StandardSchemaOf<MockWire.SearchConversation>
  readonly message: Schema.Schema<MockWire.Message> & StandardSchemaOf<MockWire.Message>
}

/**
 * A Standard Schema (v1) whose input and output are `A`.
 *
 * @since 0.1.0
 * @category models
 */
export type StandardSchemaOf<A> = ReturnType<typeof Schema.standardSchemaV1<A, A>>

/**
 * @msw/data collections holding the current data set (search documents in default order, and messages newest
 * first per conversation), for ad-hoc queries in tests:
 * `(await mock.store.collections()).conversations.findMany((q) => q.where({ starred: true }))`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Collections {
  readonly conversations: Collection<CollectionSchemas["conversation"]>
  readonly messages: Collection<CollectionSchemas["message"]>
}

/**
 * Sort options of `conversationsOf` (the API defaults: `last_message_date`, `desc`).
 *
 * @since 0.1.0
 * @category models
 */
export interface SortOptions {
  readonly sortBy?: "last_message_date" | "last_manual_message_date"
  readonly sort?: "asc" | "desc"
}

/**
 * The store readout of a mock (`mock.store`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Store {
  readonly seed: number
  readonly scenario: MockScenario.ScenarioName
  /** Every conversation of the location as search documents (with `sort`), in search order; [] if unknown. */
  readonly conversationsOf: (locationId: string, options?: SortOptions) => Array<MockWire.SearchConversation>
  /** The get-conversation object, or undefined. */
  readonly conversation: (conversationId: string) => MockWire.Conversation | undefined
  /** Every message of the conversation, newest first (the API order); [] if unknown. */
  readonly messagesOf: (conversationId: string) => Array<MockWire.Message>
  readonly counts: () => { readonly locations: number; readonly conversations: number; readonly messages: number }
  /**
   * @msw/data collections of the current data set, built on first call and cached per data set. Building is
   * asynchronous (@msw/data's `create` is) and costs about 1 s per 100,000 records, which is why the handlers serve
   * from the mock's own indexes instead.
   */
  readonly collections: () => Promise<Collections>
}
