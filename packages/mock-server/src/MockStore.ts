/**
 * Read-only access to the data a mock serves, in API order and as wire JSON, so tests can assert "the exported set
 * equals every seeded message" without going through HTTP. Every call returns fresh copies: plain arrays, so an
 * ad-hoc query in a test is an `Array.filter`.
 *
 * @since 0.1.0
 */
import type * as MockScenario from "./MockScenario.js"
import type * as MockWire from "./MockWire.js"

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
}
