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
import type { ConversationReads, MessageReads } from "../store/reads.js"
import * as Conversations from "./conversations.js"
import * as Messages from "./messages.js"
import * as OAuth from "./oauth.js"
import type { Route } from "./route.js"

/** The state each resource's routes may read or change. */
interface RouteState {
  readonly conversations: ConversationReads
  readonly messages: MessageReads
  readonly oauth: OAuth.OAuthState
}

/** @internal */
export const makeRouteTable = (state: RouteState): ReadonlyArray<Route> => [
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
    path: "/oauth/token",
    id: "oauthToken",
    access: "oauthClient",
    handle: (ctx) => OAuth.token(ctx, state.oauth)
  }
]
