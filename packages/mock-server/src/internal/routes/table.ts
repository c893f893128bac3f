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
import * as Recordings from "./recordings.js"
import type { Route } from "./route.js"
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
const messageRoutes = (state: RouteState): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/conversations/messages/export",
    id: "exportMessages",
    access: "bearer",
    scope: Scopes.messagesRead,
    handle: (ctx) => Export.exportMessages(ctx, state.messages)
  },
  {
    method: "GET",
    path: "/conversations/messages/email/{id}",
    id: "getEmail",
    access: "bearer",
    scope: Scopes.messagesRead,
    handle: (ctx) => Messages.getEmail(ctx, state.messages)
  },
  {
    method: "DELETE",
    path: "/conversations/messages/email/{emailMessageId}/schedule",
    id: "cancelScheduledEmail",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => MessageUpdates.cancelScheduledEmail(ctx, state.messages)
  },
  {
    method: "POST",
    path: "/conversations/messages",
    id: "sendMessage",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => Sends.send(ctx, state.messages)
  },
  {
    method: "POST",
    path: "/conversations/messages/inbound",
    id: "addInboundMessage",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => Sends.inbound(ctx, state.messages)
  },
  {
    method: "POST",
    path: "/conversations/messages/outbound",
    id: "addOutboundMessage",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => Sends.outbound(ctx, state.messages)
  },
  {
    method: "POST",
    path: "/conversations/messages/review-reply",
    id: "sendReviewReply",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => Sends.reviewReply(ctx, state.messages)
  },
  {
    method: "DELETE",
    path: "/conversations/messages/{messageId}/schedule",
    id: "cancelScheduledMessage",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => MessageUpdates.cancelScheduled(ctx, state.messages)
  },
  {
    method: "PUT",
    path: "/conversations/messages/{messageId}/status",
    id: "updateMessageStatus",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => MessageUpdates.updateStatus(ctx, state.messages)
  },
  {
    method: "PUT",
    path: "/conversations/messages/{messageId}/attachments",
    id: "addMessageAttachments",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => MessageUpdates.addAttachments(ctx, state.messages)
  },
  {
    method: "GET",
    path: "/conversations/messages/{id}",
    id: "getMessage",
    access: "bearer",
    scope: Scopes.messagesRead,
    handle: (ctx) => Messages.get(ctx, state.messages)
  }
]

/** Recordings and transcriptions of call messages (#11). */
const recordingRoutes = (state: RouteState): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/conversations/messages/{messageId}/locations/{locationId}/recording",
    id: "getRecording",
    access: "bearer",
    scope: Scopes.messagesRead,
    handle: (ctx) => Recordings.recording(ctx, state.recordings)
  },
  {
    method: "GET",
    path: "/conversations/locations/{locationId}/messages/{messageId}/transcription",
    id: "getTranscription",
    access: "bearer",
    scope: Scopes.messagesRead,
    handle: (ctx) => Recordings.transcription(ctx, state.recordings)
  },
  {
    method: "GET",
    path: "/conversations/locations/{locationId}/messages/{messageId}/transcription/download",
    id: "downloadTranscription",
    access: "bearer",
    scope: Scopes.messagesRead,
    handle: (ctx) => Recordings.download(ctx, state.recordings)
  }
]

/** Uploads (#11): under `/conversations/messages/`, ahead of every `{conversationId}` pattern. */
const uploadRoutes = (state: RouteState): ReadonlyArray<Route> => [
  {
    method: "POST",
    path: "/conversations/messages/upload",
    id: "uploadFiles",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => Uploads.upload(ctx, state.uploads)
  },
  {
    method: "POST",
    path: "/conversations/messages/upload/initiate",
    id: "initiateUpload",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => Uploads.initiate(ctx, state.uploads)
  },
  {
    method: "POST",
    path: "/conversations/messages/upload/complete",
    id: "completeUpload",
    access: "bearer",
    scope: Scopes.messagesWrite,
    handle: (ctx) => Uploads.complete(ctx, state.uploads)
  }
]

/** Preferences and live chat (#11): fixed paths, ahead of every `{conversationId}` pattern. */
const preferenceRoutes = (state: RouteState): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/conversations/preferences/custom-subtypes",
    id: "listCustomSubtypes",
    access: "bearer",
    scope: undefined,
    handle: (ctx) => Preferences.listSubtypes(ctx, state.preferences)
  },
  {
    method: "POST",
    path: "/conversations/preferences/custom-subtypes",
    id: "createCustomSubtype",
    access: "bearer",
    scope: undefined,
    handle: (ctx) => Preferences.createSubtype(ctx, state.preferences)
  },
  {
    method: "PUT",
    path: "/conversations/preferences/custom-subtypes/{id}",
    id: "updateCustomSubtype",
    access: "bearer",
    scope: undefined,
    handle: (ctx) => Preferences.updateSubtype(ctx, state.preferences)
  },
  {
    method: "GET",
    path: "/conversations/preferences/unsubscriptions/status",
    id: "unsubscriptionStatus",
    access: "bearer",
    scope: undefined,
    handle: (ctx) => Preferences.unsubscriptionStatus(ctx, state.preferences)
  },
  {
    method: "POST",
    path: "/conversations/preferences/unsubscriptions/user-change",
    id: "changeSubscription",
    access: "bearer",
    scope: undefined,
    handle: (ctx) => Preferences.changeSubscription(ctx, state.preferences)
  },
  {
    method: "POST",
    path: "/conversations/providers/live-chat/typing",
    id: "liveChatTyping",
    access: "bearer",
    scope: Scopes.liveChatWrite,
    handle: (ctx) => LiveChat.typing(ctx, state.liveChat)
  }
]

/** @internal */
export const makeRouteTable = (state: RouteState): ReadonlyArray<Route> => [
  ...messageRoutes(state),
  ...preferenceRoutes(state),
  ...uploadRoutes(state),
  ...recordingRoutes(state),
  {
    method: "GET",
    path: "/conversations/search",
    id: "search",
    access: "bearer",
    scope: Scopes.conversationsRead,
    handle: (ctx) => Conversations.search(ctx, state.conversations)
  },
  {
    method: "GET",
    path: "/conversations/{conversationId}/messages",
    id: "getMessages",
    access: "bearer",
    scope: Scopes.messagesRead,
    handle: (ctx) => Messages.list(ctx, state.messages)
  },
  {
    method: "GET",
    path: "/conversations/{conversationId}",
    id: "getConversation",
    access: "bearer",
    scope: Scopes.conversationsRead,
    handle: (ctx) => Conversations.get(ctx, state.conversations)
  },
  {
    method: "POST",
    path: "/conversations",
    id: "createConversation",
    access: "bearer",
    scope: Scopes.conversationsWrite,
    handle: (ctx) => Conversations.create(ctx, state.conversations)
  },
  {
    method: "PUT",
    path: "/conversations/{conversationId}",
    id: "updateConversation",
    access: "bearer",
    scope: Scopes.conversationsWrite,
    handle: (ctx) => Conversations.update(ctx, state.conversations)
  },
  {
    method: "DELETE",
    path: "/conversations/{conversationId}",
    id: "deleteConversation",
    access: "bearer",
    scope: Scopes.conversationsWrite,
    handle: (ctx) => Conversations.remove(ctx, state.conversations)
  },
  {
    method: "POST",
    path: "/oauth/token",
    id: "oauthToken",
    access: "oauthClient",
    handle: (ctx) => OAuth.token(ctx, state.oauth)
  }
]
