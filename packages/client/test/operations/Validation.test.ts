/**
 * Every bad input of the upload, live chat, preference and call-media operations fails with `InvalidInputError`
 * naming the field, and nothing goes on the wire: each case below runs against a server that would answer anything,
 * and the server must have seen no request.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type * as ConversationsClient from "../../src/ConversationsClient.js"
import { rawServer, sendJson } from "../utils/RawServer.js"
import { clientAt } from "./support.js"

type Case = readonly [
  description: string,
  run: (client: ConversationsClient.Service) => Effect.Effect<unknown, unknown, Scope.Scope>,
  /** The start of the issue naming the field. */
  field: string
]

// The caller's types forbid most of these; plain JavaScript, JSON from elsewhere or a cast can still send them.
const bad = <A>(value: unknown): A => value as A

const file = { filename: "a.txt", data: new Uint8Array(3) }
const conversationId = "ve9EPM428h8vShlRW1KT"

const cases: ReadonlyArray<Case> = [
  // uploads.upload
  ["upload without conversationId", (c) => c.uploads.upload(bad({ files: [file] })), "conversationId"],
  ["upload with no files", (c) => c.uploads.upload(bad({ conversationId, files: [] })), "files"],
  [
    "upload of a type HighLevel does not take (.exe)",
    (c) => c.uploads.upload({ conversationId, files: [{ filename: "run.exe", data: new Uint8Array(1) }] }),
    "files.0.filename: must end in one of the accepted types"
  ],
  [
    "upload with a line break in the file name",
    (c) => c.uploads.upload({ conversationId, files: [{ filename: "a\r\nb.txt", data: new Uint8Array(1) }] }),
    "files.0.filename"
  ],
  [
    "upload with a path in the file name",
    (c) => c.uploads.upload({ conversationId, files: [{ filename: "../etc/a.txt", data: new Uint8Array(1) }] }),
    "files.0.filename"
  ],
  [
    "upload with a content type that is not a MIME type",
    (c) => c.uploads.upload({ conversationId, files: [{ ...file, contentType: "png" }] }),
    "files.0.contentType"
  ],
  [
    "upload of a string instead of bytes",
    (c) => c.uploads.upload(bad({ conversationId, files: [{ ...file, data: "abc" }] })),
    "files.0.data"
  ],
  [
    "upload with an unknown property",
    (c) => c.uploads.upload(bad({ conversationId, files: [file], mediaUrl: "x" })),
    "mediaUrl"
  ],
  [
    "upload with a control character in an id",
    (c) => c.uploads.upload({ conversationId: "ab\ncd", files: [file] }),
    "conversationId"
  ],
  // uploads.initiate / putSigned / complete
  [
    "initiate without channel",
    (c) => c.uploads.initiate(bad({ conversationId, filename: "v.mp4", contentType: "video/mp4" })),
    "channel"
  ],
  [
    "initiate over the channel's limit",
    (c) =>
      c.uploads.initiate({
        conversationId,
        filename: "v.mp4",
        contentType: "video/mp4",
        channel: "SMS",
        fileSize: 6 * 1024 * 1024
      }),
    "fileSize: must be at most"
  ],
  [
    "initiate with a fractional size",
    (c) =>
      c.uploads.initiate({
        conversationId,
        filename: "v.mp4",
        contentType: "video/mp4",
        channel: "SMS",
        fileSize: 1.5
      }),
    "fileSize"
  ],
  [
    "putSigned to a URL that is not http(s)",
    (c) => c.uploads.putSigned({ uploadUrl: "file:///etc/passwd", contentType: "text/plain", data: new Uint8Array(1) }),
    "uploadUrl: must be an http(s) URL"
  ],
  [
    "putSigned over the initiate answer's maxFileSize",
    (c) =>
      c.uploads.putSigned({
        uploadUrl: "http://127.0.0.1:9/x",
        contentType: "text/plain",
        data: new Uint8Array(11),
        maxFileSize: 10
      }),
    "data: must be at most 10 bytes"
  ],
  [
    "complete without uploadId",
    (c) => c.uploads.complete(bad({ filePath: "p", conversationId, filename: "a.txt" })),
    "uploadId"
  ],
  // liveChat.typing
  ["typing without visitorId", (c) => c.liveChat.typing(bad({ conversationId, isTyping: true })), "visitorId"],
  [
    "typing with isTyping as a string",
    (c) => c.liveChat.typing(bad({ conversationId, visitorId: "v", isTyping: "yes" })),
    "isTyping"
  ],
  [
    "typing with an empty conversationId",
    (c) => c.liveChat.typing({ conversationId: " ", visitorId: "v", isTyping: true }),
    "conversationId"
  ],
  // preferences
  [
    "listCustomSubtypes with a blank location",
    (c) => c.preferences.listCustomSubtypes({ locationId: "" }),
    "locationId"
  ],
  [
    "createCustomSubtype without name",
    (c) => c.preferences.createCustomSubtype(bad({ channel: "email", language: "en" })),
    "name"
  ],
  [
    "createCustomSubtype with a name over 100 characters",
    (c) => c.preferences.createCustomSubtype({ name: "n".repeat(101), channel: "email", language: "en" }),
    "name"
  ],
  [
    "createCustomSubtype on a channel that is not email/sms",
    (c) => c.preferences.createCustomSubtype(bad({ name: "N", channel: "fax", language: "en" })),
    "channel"
  ],
  [
    "createCustomSubtype without language",
    (c) => c.preferences.createCustomSubtype(bad({ name: "N", channel: "sms" })),
    "language"
  ],
  [
    "updateCustomSubtype that changes nothing",
    (c) => c.preferences.updateCustomSubtype("st1", {}),
    "at least one of name"
  ],
  [
    "updateCustomSubtype with an empty id",
    (c) => c.preferences.updateCustomSubtype("", { name: "N" }),
    "id must not be empty"
  ],
  [
    "updateCustomSubtype with archived as a string",
    (c) => c.preferences.updateCustomSubtype("st1", bad({ archived: "yes" })),
    "archived"
  ],
  ["unsubscriptionStatus without contactId", (c) => c.preferences.unsubscriptionStatus(bad({})), "contactId"],
  [
    "unsubscriptionStatus with a malformed email",
    (c) => c.preferences.unsubscriptionStatus({ contactId: "c1", email: "ada" }),
    "email: must be an email address"
  ],
  [
    "changeSubscription of a default type without subtype_name",
    (c) =>
      c.preferences.changeSubscription({
        contactId: "c1",
        email: "a@b.c",
        subscription_action: { type: "default", subtype_status: "unsubscribed" }
      }),
    "subscription_action.subtype_name"
  ],
  [
    "changeSubscription of a custom type without subtype_id",
    (c) =>
      c.preferences.changeSubscription({
        contactId: "c1",
        email: "a@b.c",
        subscription_action: { type: "custom", subtype_status: "unsubscribed" }
      }),
    "subscription_action.subtype_id"
  ],
  [
    "changeSubscription resub_all that unsubscribes",
    (c) =>
      c.preferences.changeSubscription({
        contactId: "c1",
        email: "a@b.c",
        subscription_action: { type: "resub_all", subtype_status: "unsubscribed" }
      }),
    "subscription_action.subtype_status"
  ],
  [
    "changeSubscription resubscribing without legal_reason",
    (c) =>
      c.preferences.changeSubscription({
        contactId: "c1",
        email: "a@b.c",
        subscription_action: { type: "resub_all", subtype_status: "subscribed" }
      }),
    "legal_reason: is required for a resubscription"
  ],
  [
    "changeSubscription with an unknown action type",
    (c) =>
      c.preferences.changeSubscription(
        bad({ contactId: "c1", email: "a@b.c", subscription_action: { type: "all", subtype_status: "subscribed" } })
      ),
    "subscription_action.type"
  ]
]

describe("bad input: InvalidInputError naming the field, nothing sent", () => {
  for (const [description, run, field] of cases) {
    it.live(description, () =>
      Effect.gen(function*() {
        const server = yield* rawServer((_req, res) => sendJson(res, 200, {}))
        const client = yield* clientAt(server.baseUrl)
        const error = yield* Effect.flip(run(client))
        expect(error).toMatchObject({ _tag: "InvalidInputError" })
        const issues = (error as { readonly issues: ReadonlyArray<string> }).issues
        expect(issues.some((issue) => issue.startsWith(field))).toBe(true)
        expect(server.requests).toHaveLength(0)
      }).pipe(Effect.scoped))
  }
})
