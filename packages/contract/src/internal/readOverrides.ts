/**
 * D1…D10: the rows of API-NOTES "Real responses vs documentation" (D1…D9) and issue #15's nulls (D10), patched into
 * the three reads' response schemas (search, get conversation, get messages) for the differences real traffic shows.
 *
 * @since 0.1.0
 * @internal
 */
import type { JsonSchema } from "../JsonSchema.js"
import { clone, walk } from "../JsonSchema.js"
import type { Override } from "../Overrides.js"
import { reads } from "../PublishedSchemas.js"
import {
  bodies,
  epochMillis,
  errorStatuses,
  messages,
  messageTypeFields,
  messageTypePattern,
  property,
  response,
  searchDocuments,
  traceAll
} from "./patch.js"

/** D1…D10, in the order they are applied (D10 last, so it also covers the fields the others add). @internal */
export const readOverrides: ReadonlyArray<Override> = [
  {
    id: "D1",
    reason: "the real messages 200 body wraps the documented page in a `messages` field",
    patch: "get-messages 200 = anyOf[page, {messages: page}]; `lastMessageId` required unless the page is empty",
    apply: (responses) => {
      const { $schema, ...page } = response(responses, "get-messages", "200")
      // An empty page has no last message to name: `lastMessageId` is required only when `messages` is not empty.
      // (What the real API sends for an empty page is unverified; the mock leaves the field out.)
      page.required = (page.required ?? []).filter((name) => name !== "lastMessageId")
      // A condition, not a shape: it must not be closed like the documented objects.
      page.anyOf = [
        { properties: { lastMessageId: { type: "string" } }, required: ["lastMessageId"], additionalProperties: true },
        { properties: { messages: { type: "array", maxItems: 0 } }, additionalProperties: true }
      ]
      responses["get-messages"]["200"] = {
        ...($schema !== undefined ? { $schema } : {}),
        anyOf: [page, { type: "object", properties: { messages: clone(page) }, required: ["messages"] }]
      }
    }
  },
  {
    id: "D2",
    reason: "message types are `TYPE_*` strings and new ones appear (the docs' example says `SMS`)",
    patch: "messageType and lastMessageType: the closed enum becomes the pattern ^TYPE_[A-Z0-9_]+$",
    apply: (responses) => {
      for (const endpoint of reads) {
        for (const schema of Object.values(responses[endpoint])) {
          walk(schema, (node, name) => {
            if (name !== undefined && messageTypeFields.has(name) && node.enum !== undefined) {
              delete node.enum
              node.pattern = messageTypePattern
            }
          })
        }
      }
    }
  },
  {
    id: "D3",
    reason: "call details arrive as `meta.call.{duration,status}`, the duration as a number or a numeric string",
    patch: "message meta gains `call: {duration: number | numeric string, status: string}`",
    apply: (responses) => {
      for (const message of messages(responses)) {
        const meta = property(message, "meta")
        meta.properties = {
          ...meta.properties,
          call: {
            type: "object",
            properties: {
              duration: { anyOf: [{ type: "number" }, { type: "string", pattern: "^[0-9]+(\\.[0-9]+)?$" }] },
              status: { type: "string" }
            }
          }
        }
      }
    }
  },
  {
    id: "D4",
    reason: "documented value lists (message status, source, call status, channel…) are incomplete and keep growing",
    patch: "every other enum in a response body is dropped; the value keeps its type",
    apply: (responses) => {
      for (const endpoint of reads) {
        for (const schema of Object.values(responses[endpoint])) {
          walk(schema, (node, name) => {
            if (node.enum !== undefined && !(name !== undefined && messageTypeFields.has(name))) delete node.enum
          })
        }
      }
    }
  },
  {
    id: "D5",
    reason: "search documents and messages carry fields the spec omits (search: 11 documented, many more real)",
    patch: "search documents gain the extra fields API-NOTES lists plus `deleted` (typed, incl. `sort: number[]`); " +
      "messages gain `altId` and `dateUpdated`",
    apply: (responses) => {
      const document = searchDocuments(responses)
      const strings: JsonSchema = { type: "array", items: { type: "string" } }
      document.properties = {
        ...document.properties,
        lastMessageDirection: { type: "string" },
        lastOutboundMessageAction: { type: "string" },
        inbox: { type: "boolean" },
        starred: { type: "boolean" },
        assignedTo: { type: "string" },
        followers: strings,
        mentions: strings,
        tags: strings,
        companyName: { type: "string" },
        isLastMessageInternalComment: { type: "boolean" },
        // Not in API-NOTES' list: the mock sends it, as get-conversation documents it for the same conversation.
        deleted: { type: "boolean" },
        sort: { type: "array", items: { type: "number" } }
      }
      for (const message of messages(responses)) {
        message.properties = { ...message.properties, altId: { type: "string" }, dateUpdated: { type: "string" } }
      }
    }
  },
  {
    id: "D6",
    reason: "real bodies carry a `traceId` (what HighLevel support asks for), in no schema",
    patch: "every response body (every endpoint and status) gains an optional `traceId: string`",
    apply: (responses) => {
      traceAll(responses, reads)
    }
  },
  {
    id: "D7",
    reason: "search documents carry their dates as epoch-millisecond numbers",
    patch: "search documents gain `dateAdded`, `dateUpdated`, `lastMessageDate`, `lastManualMessageDate`: " +
      "integer >= 0",
    apply: (responses) => {
      const document = searchDocuments(responses)
      document.properties = {
        ...document.properties,
        dateAdded: epochMillis,
        dateUpdated: epochMillis,
        lastMessageDate: epochMillis,
        lastManualMessageDate: epochMillis
      }
    }
  },
  {
    id: "D8",
    reason: "errors go beyond the documented 400/401: 401 also for a missing scope, 403 for another location, " +
      "404, 422 and 429; `message` may be a list",
    patch: "every endpoint gains 403/404/429 (the documented 401 body) and 422 (that body typed as the spec's " +
      "UnprocessableDTO); " +
      "`message` of every error is string | string[]",
    apply: (responses, published) => {
      for (const endpoint of reads) {
        const unauthorized = response(responses, endpoint, "401")
        const unprocessable = published.components.UnprocessableDTO
        for (const status of errorStatuses) {
          // 422 is the 401 body (with whatever earlier rows added) typed as the spec's UnprocessableDTO.
          responses[endpoint][status] = status === "422" ?
            {
              ...clone(unauthorized),
              properties: { ...clone(unauthorized).properties, ...clone(unprocessable).properties }
            } :
            clone(unauthorized)
        }
        for (const [status, schema] of Object.entries(responses[endpoint])) {
          if (Number(status) < 400) continue
          for (const body of bodies(schema)) {
            body.properties = {
              ...body.properties,
              message: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] }
            }
          }
        }
      }
    }
  },
  {
    id: "D9",
    reason: "the conversation channel is a number in get-conversation's docs but a string in search; " +
      "get's real form is unverified",
    patch: "get-conversation 200 `type` is number | string",
    apply: (responses) => {
      const conversation = response(responses, "get-conversation", "200")
      for (const body of bodies(conversation)) {
        body.properties = { ...body.properties, type: { anyOf: [{ type: "number" }, { type: "string" }] } }
      }
    }
  },
  {
    id: "D10",
    reason: "HighLevel's backend sends `null` for values it does not have (`assignedTo`, a call's `body`, `meta`)",
    patch: "in every 200 body, each optional property (not in `required`) also accepts null",
    apply: (responses) => {
      for (const endpoint of reads) {
        const ok = responses[endpoint]["200"]
        if (ok === undefined) continue
        walk(ok, (node) => {
          // D1's conditions (open objects) constrain values, they are not shapes: `null` stays what they say.
          if (node.properties === undefined || node.additionalProperties === true) return
          const required = new Set(node.required ?? [])
          for (const [name, property] of Object.entries(node.properties)) {
            if (!required.has(name)) node.properties[name] = { anyOf: [property, { type: "null" }] }
          }
        })
      }
    }
  }
]
