/**
 * The requests a caller can get wrong on each of the 18 writes, as data: a request each write would accept (or one id
 * away from it), and from it the variants that fail: a token never issued (401), a body that is not JSON (400), an
 * unknown property (422), then each operation's own (no write scope, another location, an unknown id, a state the
 * write does not apply to), each with the status the mock answers.
 */
import type { Endpoint } from "../../src/PublishedSchemas.js"

/** Who sends a request: the location's full token by default. */
type Sender = "full" | "bad" | "readOnly" | "provider"

/** One request a caller can get wrong, and the status it is answered with. */
export interface Case {
  readonly endpoint: Endpoint
  readonly why: string
  readonly status: number
  readonly path: string
  /** JSON text, a form, or nothing. */
  readonly body?: string | FormData
  readonly token?: Sender
}

/** What the cases address: the seeded location (L), another one (O), and ids of both. */
export interface Subjects {
  readonly L: string
  readonly O: string
  readonly conversation: string
  readonly otherConversation: string
  readonly contactId: string
  /** An SMS of `conversation` (delivered: not scheduled, no provider may update it, no attachments). */
  readonly message: string
  readonly otherMessage: string
}

/** A well-formed id no location has. */
const unknownId = "zZ9yY8xX7wW6vV5uU4tT"

type Body = Readonly<Record<string, unknown>>

interface Base {
  readonly endpoint: Endpoint
  readonly path: string
  readonly body?: Body
}

const upload = "/conversations/messages/upload"
const change = "/conversations/preferences/unsubscriptions/user-change"
const optOut = { type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" }

/** Each write with a request it would accept, or one that differs from such a request by one unknown id. */
const bases = (s: Subjects): ReadonlyArray<Base> => [
  {
    endpoint: "update-conversation",
    path: `/conversations/${s.conversation}`,
    body: { locationId: s.L, starred: true }
  },
  { endpoint: "delete-conversation", path: `/conversations/${s.conversation}` },
  {
    endpoint: "create-custom-subtype",
    path: `/conversations/preferences/custom-subtypes?locationId=${s.L}`,
    body: { name: "Promotions", channel: "sms", language: "en" }
  },
  {
    endpoint: "update-custom-subtype",
    path: `/conversations/preferences/custom-subtypes/${unknownId}?locationId=${s.L}`,
    body: { name: "Renamed" }
  },
  {
    endpoint: "user-subscription-change",
    path: change,
    body: { locationId: s.L, contactId: s.contactId, email: "ada@example.com", subscription_action: optOut }
  },
  { endpoint: "cancel-scheduled-email-message", path: `/conversations/messages/email/${unknownId}/schedule` },
  { endpoint: "send-a-new-message", path: "/conversations/messages", body: { type: "SMS", contactId: s.contactId } },
  {
    endpoint: "add-an-inbound-message",
    path: "/conversations/messages/inbound",
    body: { type: "SMS", conversationId: unknownId, contactId: s.contactId, conversationProviderId: "p", message: "x" }
  },
  {
    endpoint: "add-an-outbound-message",
    path: "/conversations/messages/outbound",
    body: { type: "Call", conversationId: unknownId, conversationProviderId: "p" }
  },
  {
    endpoint: "send-review-reply",
    path: "/conversations/messages/review-reply",
    body: { conversationId: unknownId, locationId: s.L, message: "Thanks" }
  },
  { endpoint: "cancel-scheduled-message", path: `/conversations/messages/${unknownId}/schedule` },
  { endpoint: "upload-file-attachments", path: upload },
  {
    endpoint: "initiate-file-upload",
    path: "/conversations/messages/upload/initiate",
    body: {
      locationId: s.L,
      conversationId: s.conversation,
      filename: "a.txt",
      contentType: "text/plain",
      channel: "SMS"
    }
  },
  {
    endpoint: "complete-file-upload",
    path: "/conversations/messages/upload/complete",
    body: { locationId: s.L, conversationId: s.conversation, uploadId: "u1", filePath: "f1", filename: "a.txt" }
  },
  { endpoint: "update-message-status", path: `/conversations/messages/${unknownId}/status`, body: { status: "read" } },
  {
    endpoint: "add-message-attachments",
    path: `/conversations/messages/${unknownId}/attachments`,
    body: { attachments: ["https://example.com/a.png"] }
  },
  {
    endpoint: "live-chat-agent-typing",
    path: "/conversations/providers/live-chat/typing",
    body: { locationId: s.L, conversationId: unknownId, visitorId: "v1", isTyping: "true" }
  },
  { endpoint: "create-conversation", path: "/conversations/", body: { locationId: s.L, contactId: s.contactId } }
]

/** A multipart form: text fields, then one small `fileAttachment` file per name. */
const form = (fields: Readonly<Record<string, string>>, files: ReadonlyArray<string>): FormData => {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  for (const name of files) data.append("fileAttachment", new Blob(["x"]), name)
  return data
}

interface Variant {
  readonly path?: string
  /** Merged into the base body (`null` for the whole body: `{}`). */
  readonly body?: Body | null
  readonly form?: FormData
  readonly text?: string
  readonly token?: Sender
}

/** Every case: the generated ones (401 for each write, 400 and 422 for each JSON body), then each operation's own. */
export const cases = (s: Subjects): ReadonlyArray<Case> => {
  const all = bases(s)
  const baseOf = (endpoint: Endpoint): Base => {
    const found = all.find((base) => base.endpoint === endpoint)
    if (found === undefined) throw new Error(`no base request for ${endpoint}`)
    return found
  }
  const vary = (endpoint: Endpoint, status: number, why: string, variant: Variant = {}): Case => {
    const base = baseOf(endpoint)
    const body = variant.form ?? variant.text ??
      (variant.body === null ? "{}" : base.body === undefined ? undefined : JSON.stringify({
        ...base.body,
        ...variant.body
      }))
    return {
      endpoint,
      why,
      status,
      path: variant.path ?? base.path,
      ...(body !== undefined ? { body } : {}),
      ...(variant.token !== undefined ? { token: variant.token } : {})
    }
  }
  const generated = all.flatMap(({ body, endpoint }): Array<Case> => [
    vary(endpoint, 401, "a token that was never issued", { token: "bad" }),
    ...(body === undefined ? [] : [
      vary(endpoint, 400, "a body that is not JSON", { text: "{not json" }),
      vary(endpoint, 422, "an unknown property", { body: { colour: "red" } })
    ])
  ])
  const target = { conversationId: s.conversation, locationId: s.L }
  const own: ReadonlyArray<Case> = [
    vary("update-conversation", 401, "no write scope", { token: "readOnly" }),
    vary("update-conversation", 403, "another location's conversation", {
      path: `/conversations/${s.otherConversation}`
    }),
    vary("update-conversation", 404, "an unknown conversation", { path: `/conversations/${unknownId}` }),
    vary("delete-conversation", 403, "another location's conversation", {
      path: `/conversations/${s.otherConversation}`
    }),
    vary("delete-conversation", 404, "an unknown conversation", { path: `/conversations/${unknownId}` }),
    vary("create-custom-subtype", 422, "missing fields", { body: null }),
    vary("create-custom-subtype", 403, "another location", {
      path: `/conversations/preferences/custom-subtypes?locationId=${s.O}`
    }),
    vary("update-custom-subtype", 404, "an unknown subtype"),
    vary("user-subscription-change", 403, "another location", { body: { locationId: s.O } }),
    vary("user-subscription-change", 404, "an unknown custom subtype", {
      body: { subscription_action: { type: "custom", subtype_id: unknownId, subtype_status: "unsubscribed" } }
    }),
    vary("user-subscription-change", 422, "a resubscription without legal_reason", {
      body: { subscription_action: { type: "resub_all", subtype_status: "subscribed" } }
    }),
    vary("cancel-scheduled-email-message", 404, "an unknown email"),
    vary("send-a-new-message", 401, "no write scope", { token: "readOnly", body: { message: "x" } }),
    vary("send-a-new-message", 400, "an unknown contact", {
      body: { contactId: "noSuchContact0000001", message: "x" }
    }),
    vary("send-a-new-message", 422, "no contactId", { text: JSON.stringify({ type: "SMS", message: "x" }) }),
    vary("add-an-inbound-message", 404, "an unknown conversation"),
    vary("add-an-outbound-message", 404, "an unknown conversation"),
    vary("send-review-reply", 400, "not a review conversation", { body: { conversationId: s.conversation } }),
    vary("send-review-reply", 403, "another location", { body: { conversationId: s.conversation, locationId: s.O } }),
    vary("send-review-reply", 404, "an unknown conversation"),
    vary("cancel-scheduled-message", 400, "a message that is not scheduled", {
      path: `/conversations/messages/${s.message}/schedule`
    }),
    vary("cancel-scheduled-message", 403, "another location's message", {
      path: `/conversations/messages/${s.otherMessage}/schedule`
    }),
    vary("cancel-scheduled-message", 404, "an unknown message"),
    vary("upload-file-attachments", 400, "a body that is not a form", { text: "{}" }),
    vary("upload-file-attachments", 400, "a form without files", { form: form(target, []) }),
    vary("upload-file-attachments", 422, "a form without conversationId", {
      form: form({ locationId: s.L }, ["a.txt"])
    }),
    vary("upload-file-attachments", 403, "another location", { form: form({ ...target, locationId: s.O }, ["a.txt"]) }),
    vary("upload-file-attachments", 404, "an unknown conversation", {
      form: form({ ...target, conversationId: unknownId }, ["a.txt"])
    }),
    vary("upload-file-attachments", 413, "eleven files", {
      form: form(target, Array.from({ length: 11 }, (_, i) => `f${i}.txt`))
    }),
    vary("upload-file-attachments", 415, "a file type the API does not take", { form: form(target, ["tool.exe"]) }),
    vary("initiate-file-upload", 400, "a file type the API does not take", { body: { filename: "tool.exe" } }),
    vary("initiate-file-upload", 413, "a file over the channel's limit", { body: { fileSize: 6 * 1024 * 1024 } }),
    vary("initiate-file-upload", 404, "an unknown conversation", { body: { conversationId: unknownId } }),
    vary("complete-file-upload", 404, "a file that never reached storage"),
    vary("update-message-status", 403, "not the provider's app", {
      path: `/conversations/messages/${s.message}/status`
    }),
    vary("update-message-status", 404, "an unknown message", { token: "provider" }),
    vary("update-message-status", 422, "a status outside the enum", {
      token: "provider",
      path: `/conversations/messages/${s.message}/status`,
      body: { status: "vanished" }
    }),
    vary("add-message-attachments", 403, "a message that is not a call", {
      path: `/conversations/messages/${s.message}/attachments`
    }),
    vary("add-message-attachments", 404, "an unknown message"),
    vary("live-chat-agent-typing", 404, "an unknown conversation"),
    vary("live-chat-agent-typing", 422, "missing fields", { body: null }),
    vary("create-conversation", 400, "an unknown contact", { body: { contactId: "noSuchContact0000001" } }),
    vary("create-conversation", 400, "a contact that has a conversation"),
    vary("create-conversation", 403, "another location", { body: { locationId: s.O } })
  ]
  return [...generated, ...own]
}
