/**
 * The client of the HighLevel Conversations API: one service, built from an `HttpClient`, provided as a Layer.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type { Conversation, ConversationSummary, SearchConversationsPage } from "./Conversation.js"
import * as ConversationsConfig from "./ConversationsConfig.js"
import type {
  GetConversationError,
  GetMessagesError,
  ListMessagesError,
  SearchAllError,
  SearchConversationsError
} from "./ConversationsError.js"
import type { ConversationsOperations } from "./ConversationsOperations.js"
import type { ConversationId } from "./Ids.js"
import * as internal from "./internal/client.js"
import type { LiveChatOperations } from "./LiveChatOperations.js"
import type { Message, MessagesPage } from "./Message.js"
import type { MessagesOperations } from "./MessagesOperations.js"
import type { PreferencesOperations } from "./PreferencesOperations.js"
import type * as SearchParams from "./SearchParams.js"
import type { UploadsOperations } from "./UploadsOperations.js"

/**
 * Options of the message listings (moved to {@link SearchParams}, with the other parameters of the operations).
 *
 * @since 0.1.0
 * @category models
 */
export type ListMessagesOptions = SearchParams.ListMessagesOptions

/**
 * Options of {@link Service.listAllMessages}.
 *
 * @since 0.1.0
 * @category models
 */
export type ListAllMessagesOptions = SearchParams.ListAllMessagesOptions

/**
 * The operations of the client. Single-page calls are `Effect`s; listings are `Stream`s that fetch a page only when
 * the consumer pulls, so memory holds one page per stream whatever the total. An id is a `ConversationId` taken from
 * a decoded response or any string: it is checked and encoded as one path segment before anything is sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /conversations/{conversationId}`. */
  readonly getConversation: (
    conversationId: ConversationId | string
  ) => Effect.Effect<Conversation, GetConversationError>
  /** `GET /conversations/{conversationId}/messages`: one page, newest first. */
  readonly getMessagesPage: (
    conversationId: ConversationId | string,
    params?: SearchParams.MessagesPageParams
  ) => Effect.Effect<MessagesPage, GetMessagesError>
  /** `GET /conversations/search`: one page. */
  readonly searchConversationsPage: (
    params: SearchParams.SearchConversationsParams
  ) => Effect.Effect<SearchConversationsPage, SearchConversationsError>
  /** Every message of a conversation, newest first, following `lastMessageId` while `nextPage` is true. */
  readonly listMessages: (
    conversationId: ConversationId | string,
    options?: ListMessagesOptions
  ) => Stream.Stream<Message, ListMessagesError>
  /** Every conversation matching a search, following the keyset cursor (`startAfterDate` = `sort[0]`). */
  readonly searchConversations: (
    params: SearchParams.SearchConversationsParams
  ) => Stream.Stream<ConversationSummary, SearchAllError>
  /**
   * The pages of {@link Service.searchConversations}, each with its `total`: for a progress line that needs the total
   * without a separate search. Both stop once the rows seen reach `total`.
   */
  readonly searchConversationsPages: (
    params: SearchParams.SearchConversationsParams
  ) => Stream.Stream<SearchConversationsPage, SearchAllError>
  /** Every message of every conversation matching a search, `concurrency` conversations at a time. */
  readonly listAllMessages: (
    params: SearchParams.SearchConversationsParams,
    options?: ListAllMessagesOptions
  ) => Stream.Stream<Message, SearchAllError | ListMessagesError>
  /** The conversation operations: `get`, `search`, `searchPage`, `create`, `update`, `delete`. */
  readonly conversations: ConversationsOperations
  /**
   * The message operations: reads (`get`, `list`, `listPage`, `getEmail`, `exportPage`, `export`) and writes (`send`,
   * `addInbound`, `addOutbound`, `reviewReply`, `cancelScheduled`, `cancelScheduledEmail`, `updateStatus`,
   * `addAttachments`), and the call media (`recording` as a byte stream, `transcription`, `downloadTranscription`).
   */
  readonly messages: MessagesOperations
  /** File uploads: multipart (`upload`) and the signed-URL flow (`initiate`, `putSigned`, `complete`, `uploadSigned`). */
  readonly uploads: UploadsOperations
  /** The live chat typing indicator. */
  readonly liveChat: LiveChatOperations
  /** Custom subscription subtypes and a contact's subscriptions. */
  readonly preferences: PreferencesOperations
  /**
   * `text` with every token this client has sent replaced by `<redacted>` (a static token from the start, a
   * provider's tokens once sent). A server may hand the token back as a value (an id, a cursor, a name): the client's
   * errors and span attributes are redacted already; pass a response value through this before you log or print it.
   */
  readonly redact: (text: string) => string
}

/**
 * The client service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ConversationsClient extends Context.Tag("@highlevel-effect/client/ConversationsClient")<
  ConversationsClient,
  Service
>() {}

/**
 * Builds the service from an `HttpClient` in context. The rate limiter lives in the scope, so build one client per
 * token (that is, per location) and share it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (
  options: ConversationsConfig.Options
) => Effect.Effect<Service, never, HttpClient.HttpClient | Scope.Scope> = internal.make

/**
 * The client as a Layer, from explicit options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: ConversationsConfig.Options
): Layer.Layer<ConversationsClient, never, HttpClient.HttpClient> => Layer.scoped(ConversationsClient, make(options))

/**
 * The client as a Layer, from configuration (by default the `HIGHLEVEL_*` environment variables, see
 * {@link ConversationsConfig.fromEnv}). A missing token fails the layer with a `ConfigError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<ConversationsConfig.Options> = ConversationsConfig.fromEnv
): Layer.Layer<ConversationsClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(ConversationsClient, Effect.flatMap(config, make))
