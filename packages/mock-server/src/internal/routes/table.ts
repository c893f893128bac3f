/**
 * The route table: every API operation the mock serves, as data, in match order. Routes match on the raw path,
 * first match wins, so a fixed segment (`/conversations/search`, later `/conversations/messages/…`) comes before
 * the `{conversationId}` pattern it would otherwise fall into. Adding an operation is one entry here (and its
 * id in `MockControl.RouteId`) plus its handler in the resource's module; the gateway does not change.
 *
 * @since 0.1.0
 * @internal
 */
import { Scopes } from "../auth.js"
import type { MessageReads } from "../store/reads.js"
import type { MessageWrites } from "../store/writes.js"
import * as Conversations from "./conversations.js"
import * as Export from "./export.js"
import * as LiveChat from "./liveChat.js"
import * as Messages from "./messages.js"
import * as MessageUpdates from "./messageUpdates.js"
import * as OAuth from "./oauth.js"
import * as Preferences from "./preferences.js"
import * as ProviderCalls from "./providerCalls.js"
import * as Recordings from "./recordings.js"
import * as ReviewReply from "./reviewReply.js"
import { bearer, oauthClient, type Route } from "./route.js"
import * as Sends from "./sends.js"
import * as Uploads from "./uploads.js"

/** The state each resource's routes may read or change. */
interface RouteState {
  readonly conversations: Conversations.ConversationState
  readonly messages: MessageReads & MessageWrites
  readonly oauth: OAuth.OAuthState
  readonly preferences: Preferences.PreferencesState
  readonly liveChat: LiveChat.LiveChatState
  readonly uploads: Uploads.UploadState
  readonly recordings: Recordings.RecordingState
}

/** The message operations under the fixed `/conversations/messages/…` (#11): ahead of every `{…Id}` pattern. */
const messageRoutes = (state: RouteState): ReadonlyArray<Route> => {
  const read = bearer(state.messages, Scopes.messagesRead)
  const write = bearer(state.messages, Scopes.messagesWrite)
  return [
    read("GET", "/conversations/messages/export", "exportMessages", Export.exportMessages),
    read("GET", "/conversations/messages/email/{id}", "getEmail", Messages.getEmail),
    write(
      "DELETE",
      "/conversations/messages/email/{emailMessageId}/schedule",
      "cancelScheduledEmail",
      MessageUpdates.cancelScheduledEmail
    ),
    write("POST", "/conversations/messages", "sendMessage", Sends.send),
    write("POST", "/conversations/messages/inbound", "addInboundMessage", ProviderCalls.inbound),
    write("POST", "/conversations/messages/outbound", "addOutboundMessage", ProviderCalls.outbound),
    write("POST", "/conversations/messages/review-reply", "sendReviewReply", ReviewReply.reviewReply),
    write(
      "DELETE",
      "/conversations/messages/{messageId}/schedule",
      "cancelScheduledMessage",
      MessageUpdates.cancelScheduled
    ),
    write("PUT", "/conversations/messages/{messageId}/status", "updateMessageStatus", MessageUpdates.updateStatus),
    write(
      "PUT",
      "/conversations/messages/{messageId}/attachments",
      "addMessageAttachments",
      MessageUpdates.addAttachments
    ),
    read("GET", "/conversations/messages/{id}", "getMessage", Messages.get)
  ]
}

/** Recordings and transcriptions of call messages (#11). */
const recordingRoutes = (state: RouteState): ReadonlyArray<Route> => {
  const read = bearer(state.recordings, Scopes.messagesRead)
  return [
    read(
      "GET",
      "/conversations/messages/{messageId}/locations/{locationId}/recording",
      "getRecording",
      Recordings.recording
    ),
    read(
      "GET",
      "/conversations/locations/{locationId}/messages/{messageId}/transcription",
      "getTranscription",
      Recordings.transcription
    ),
    read(
      "GET",
      "/conversations/locations/{locationId}/messages/{messageId}/transcription/download",
      "downloadTranscription",
      Recordings.download
    )
  ]
}

/** Uploads (#11): under `/conversations/messages/`, ahead of every `{conversationId}` pattern. */
const uploadRoutes = (state: RouteState): ReadonlyArray<Route> => {
  const write = bearer(state.uploads, Scopes.messagesWrite)
  return [
    write("POST", "/conversations/messages/upload", "uploadFiles", Uploads.upload),
    write("POST", "/conversations/messages/upload/initiate", "initiateUpload", Uploads.initiate),
    write("POST", "/conversations/messages/upload/complete", "completeUpload", Uploads.complete)
  ]
}

/** Preferences and live chat (#11): fixed paths, ahead of every `{conversationId}` pattern. */
const preferenceRoutes = (state: RouteState): ReadonlyArray<Route> => {
  // The spec declares no scope on the preference operations: a valid token of the location is enough.
  const preferences = bearer(state.preferences, undefined)
  const liveChat = bearer(state.liveChat, Scopes.liveChatWrite)
  return [
    preferences("GET", "/conversations/preferences/custom-subtypes", "listCustomSubtypes", Preferences.listSubtypes),
    preferences("POST", "/conversations/preferences/custom-subtypes", "createCustomSubtype", Preferences.createSubtype),
    preferences(
      "PUT",
      "/conversations/preferences/custom-subtypes/{id}",
      "updateCustomSubtype",
      Preferences.updateSubtype
    ),
    preferences(
      "GET",
      "/conversations/preferences/unsubscriptions/status",
      "unsubscriptionStatus",
      Preferences.unsubscriptionStatus
    ),
    preferences(
      "POST",
      "/conversations/preferences/unsubscriptions/user-change",
      "changeSubscription",
      Preferences.changeSubscription
    ),
    liveChat("POST", "/conversations/providers/live-chat/typing", "liveChatTyping", LiveChat.typing)
  ]
}

/** @internal */
export const makeRouteTable = (state: RouteState): ReadonlyArray<Route> => {
  const readConversations = bearer(state.conversations, Scopes.conversationsRead)
  const writeConversations = bearer(state.conversations, Scopes.conversationsWrite)
  const readMessages = bearer(state.messages, Scopes.messagesRead)
  return [
    ...messageRoutes(state),
    ...preferenceRoutes(state),
    ...uploadRoutes(state),
    ...recordingRoutes(state),
    readConversations("GET", "/conversations/search", "search", Conversations.search),
    readMessages("GET", "/conversations/{conversationId}/messages", "getMessages", Messages.list),
    readConversations("GET", "/conversations/{conversationId}", "getConversation", Conversations.get),
    writeConversations("POST", "/conversations", "createConversation", Conversations.create),
    writeConversations("PUT", "/conversations/{conversationId}", "updateConversation", Conversations.update),
    writeConversations("DELETE", "/conversations/{conversationId}", "deleteConversation", Conversations.remove),
    oauthClient(state.oauth)("POST", "/oauth/token", "oauthToken", OAuth.token)
  ]
}
