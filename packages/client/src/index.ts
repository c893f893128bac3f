/**
 * An Effect client for the HighLevel (LeadConnector) Conversations API.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Conversation from "./Conversation.js"

/**
 * @since 0.1.0
 */
export * as ConversationsClient from "./ConversationsClient.js"

/**
 * @since 0.1.0
 */
export * as ConversationsConfig from "./ConversationsConfig.js"

/**
 * @since 0.1.0
 */
export * as ConversationsError from "./ConversationsError.js"

/**
 * @since 0.1.0
 */
export * as ConversationsInputs from "./ConversationsInputs.js"

/**
 * @since 0.1.0
 */
export * as ConversationsOperations from "./ConversationsOperations.js"

/**
 * @since 0.1.0
 */
export * as FetchTransport from "./FetchTransport.js"

/**
 * @since 0.1.0
 */
export * as Ids from "./Ids.js"

/**
 * @since 0.1.0
 */
export * as LiveChat from "./LiveChat.js"

/**
 * @since 0.1.0
 */
export * as LiveChatOperations from "./LiveChatOperations.js"

/**
 * @since 0.1.0
 */
export * as Message from "./Message.js"

/**
 * @since 0.1.0
 */
export * as MessageResults from "./MessageResults.js"

/**
 * @since 0.1.0
 */
export * as MessagesInputs from "./MessagesInputs.js"

/**
 * @since 0.1.0
 */
export * as MessagesOperations from "./MessagesOperations.js"

/**
 * @since 0.1.0
 */
export * as OAuth from "./OAuth.js"

/**
 * @since 0.1.0
 */
export * as Preference from "./Preference.js"

/**
 * @since 0.1.0
 */
export * as PreferencesOperations from "./PreferencesOperations.js"

/**
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"

/**
 * @since 0.1.0
 */
export * as Recording from "./Recording.js"

/**
 * @since 0.1.0
 */
export * as RecordingOperations from "./RecordingOperations.js"

/**
 * @since 0.1.0
 */
export * as RetryPolicy from "./RetryPolicy.js"

/**
 * @since 0.1.0
 */
export * as SearchParams from "./SearchParams.js"

/**
 * @since 0.1.0
 */
export * as TokenProvider from "./TokenProvider.js"

/**
 * @since 0.1.0
 */
export * as Upload from "./Upload.js"

/**
 * @since 0.1.0
 */
export * as UploadsOperations from "./UploadsOperations.js"

/**
 * @since 0.2.0
 */
export * as WebhookError from "./WebhookError.js"

/**
 * @since 0.2.0
 */
export * as WebhookEvent from "./WebhookEvent.js"

/**
 * @since 0.2.0
 */
export * as WebhookReplayStore from "./WebhookReplayStore.js"

/**
 * The webhook receiver. `WebhookReplayStoreSql` is left out of this barrel on purpose: it imports the optional peer
 * `@effect/sql`; import it by path (`@highlevel-effect/client/WebhookReplayStoreSql`).
 *
 * @since 0.2.0
 */
export * as Webhooks from "./Webhooks.js"
