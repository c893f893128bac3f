/**
 * Where real traffic differs from HighLevel's published schemas, and how the derived response
 * schemas are patched for it: one entry per row D1…D9 of API-NOTES "Real responses vs
 * documentation". Nothing else deviates from the spec: `Conformance` closes every documented
 * object (`additionalProperties: false`) after these patches, so a difference that no entry
 * names fails validation until an entry is added here.
 *
 * @since 0.1.0
 */
import type { JsonSchema } from "./JsonSchema.js"
import { clone, walk } from "./JsonSchema.js"
import type { Endpoint, PublishedSchemas } from "./PublishedSchemas.js"
import { endpoints, reads } from "./PublishedSchemas.js"

/**
 * The working copy the patches edit: for each endpoint, the response schema of each status.
 *
 * @since 0.1.0
 * @category models
 */
export type ResponseSchemas = Record<Endpoint, Record<string, JsonSchema>>

/**
 * The working copy of the request bodies: for each endpoint that documents a JSON body, its schema.
 *
 * @since 0.1.0
 * @category models
 */
export type RequestSchemas = Partial<Record<Endpoint, JsonSchema>>

/**
 * The row ids of API-NOTES "Real responses vs documentation" (D1…D9), D10 from issue #15 (nulls), and
 * D11…D17 from the write traffic of issue #11.
 *
 * @since 0.1.0
 * @category models
 */
export type OverrideId =
  | "D1"
  | "D2"
  | "D3"
  | "D4"
  | "D5"
  | "D6"
  | "D7"
  | "D8"
  | "D9"
  | "D10"
  | "D11"
  | "D12"
  | "D13"
  | "D14"
  | "D15"
  | "D16"
  | "D17"

/**
 * One row: its id, why real traffic needs it, what the patch changes, and the patch itself.
 * `apply` edits the working copies (responses, request bodies) in place: fresh ones for every validator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Override {
  readonly id: OverrideId
  readonly reason: string
  readonly patch: string
  readonly apply: (responses: ResponseSchemas, published: PublishedSchemas, requests: RequestSchemas) => void
}

// A patch that cannot find what it patches means the spec changed under it: fail loudly.
const property = (node: JsonSchema, name: string): JsonSchema => {
  const found = node.properties?.[name]
  if (found === undefined) throw new Error(`override target missing: property ${name}`)
  return found
}

const response = (responses: ResponseSchemas, endpoint: Endpoint, status: string): JsonSchema => {
  const found = responses[endpoint][status]
  if (found === undefined) throw new Error(`override target missing: ${endpoint} ${status}`)
  return found
}

const items = (node: JsonSchema): JsonSchema => {
  if (node.items === undefined) throw new Error("override target missing: array items")
  return node.items
}

const collect = (root: JsonSchema, keep: (node: JsonSchema) => boolean): Array<JsonSchema> => {
  const found: Array<JsonSchema> = []
  walk(root, (node) => {
    if (keep(node)) found.push(node)
  })
  return found
}

// The documented messages page, wherever it sits (the body itself, or inside D1's wrapper).
const messagePages = (responses: ResponseSchemas): Array<JsonSchema> =>
  collect(
    response(responses, "get-messages", "200"),
    (node) => node.properties?.["nextPage"] !== undefined && node.properties["messages"]?.type === "array"
  )

const messages = (responses: ResponseSchemas): Array<JsonSchema> =>
  messagePages(responses).map((page) => items(property(page, "messages")))

const searchDocuments = (responses: ResponseSchemas): JsonSchema =>
  items(property(response(responses, "search-conversation", "200"), "conversations"))

// The object(s) a body is: the schema itself, or each branch when D1 made it a choice.
const bodies = (schema: JsonSchema): Array<JsonSchema> =>
  schema.properties !== undefined ? [schema] : (schema.anyOf ?? []).flatMap(bodies)

const epochMillis: JsonSchema = { type: "integer", minimum: 0 }
const isoOrEpochMillis: JsonSchema = { anyOf: [{ type: "string" }, epochMillis] }

// The operations beyond the three reads (D11…D15 patch these; D1…D10 stay on the reads).
const others = (): Array<Endpoint> => endpoints.filter((endpoint) => !reads.includes(endpoint))

// A documented nested object sits in a one-branch `allOf` (the spec's `$ref` wrapper): its object.
const unwrapped = (node: JsonSchema): JsonSchema => node.allOf?.[0] ?? node

// The message objects of get-message and of the export page.
const writeMessages = (responses: ResponseSchemas): Array<JsonSchema> => [
  response(responses, "get-message", "200"),
  items(property(response(responses, "export-messages-by-location", "200"), "messages"))
]
const messageTypePattern = "^TYPE_[A-Z0-9_]+$"
const messageTypeFields = new Set(["messageType", "lastMessageType"])
const errorStatuses = ["403", "404", "422", "429"]

/**
 * D1…D10, in the order they are applied (D10 last, so it also covers the fields the others add).
 *
 * @since 0.1.0
 * @category overrides
 */
export const all: ReadonlyArray<Override> = [
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
      for (const endpoint of reads) {
        for (const schema of Object.values(responses[endpoint])) {
          for (const body of bodies(schema)) body.properties = { ...body.properties, traceId: { type: "string" } }
        }
      }
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
  },
  {
    id: "D11",
    reason: "send: only `type` and `contactId` are required (API-NOTES project decision; the system sets `status`)",
    patch: "send-a-new-message request body: `required` is [type, contactId] (`subType`, `status` optional)",
    apply: (_responses, _published, requests) => {
      const send = requests["send-a-new-message"]
      if (send?.required === undefined) throw new Error("override target missing: send-a-new-message request")
      send.required = send.required.filter((name) => name === "type" || name === "contactId")
    }
  },
  {
    id: "D12",
    reason: "D6 for the other operations: their real bodies carry a `traceId` too",
    patch: "every JSON response body of the 26 other operations gains an optional `traceId: string`",
    apply: (responses) => {
      for (const endpoint of others()) {
        for (const schema of Object.values(responses[endpoint])) {
          for (const body of bodies(schema)) body.properties = { ...body.properties, traceId: { type: "string" } }
        }
      }
    }
  },
  {
    id: "D13",
    reason: "D7 for create/update-conversation: their conversation dates arrive as epoch-ms numbers (API-NOTES D7)",
    patch: "create/update-conversation `conversation.dateAdded`, `dateUpdated`, `lastMessageDate`: ISO string | " +
      "epoch-ms integer",
    apply: (responses) => {
      for (const [endpoint, status] of [["create-conversation", "201"], ["update-conversation", "200"]] as const) {
        const conversation = unwrapped(property(response(responses, endpoint, status), "conversation"))
        for (const name of ["dateAdded", "dateUpdated", "lastMessageDate"]) {
          if (conversation.properties?.[name] !== undefined) conversation.properties[name] = isoOrEpochMillis
        }
      }
    }
  },
  {
    id: "D14",
    reason: "add-message-attachments documents its 200 without a body; HighLevel answers the updated attachments",
    patch: "add-message-attachments 200 = {success: boolean, messageId: string, attachments: string[]}",
    apply: (responses) => {
      responses["add-message-attachments"]["200"] = {
        type: "object",
        properties: {
          success: { type: "boolean" },
          messageId: { type: "string" },
          attachments: { type: "array", items: { type: "string" } },
          traceId: { type: "string" }
        },
        required: ["success", "messageId", "attachments"]
      }
    }
  },
  {
    id: "D15",
    reason: "D2–D5 for the messages of get-message and export: the same message objects as get-messages",
    patch: "get-message and export messages: `TYPE_*` pattern, `meta.call`, open enums, `altId`/`dateUpdated`",
    apply: (responses) => {
      for (const message of writeMessages(responses)) {
        walk(message, (node, name) => {
          if (node.enum === undefined) return
          delete node.enum
          if (name !== undefined && messageTypeFields.has(name)) node.pattern = messageTypePattern
        })
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
        message.properties = { ...message.properties, altId: { type: "string" }, dateUpdated: { type: "string" } }
      }
    }
  },
  {
    id: "D16",
    reason: "custom subtype create (201) and update (200) are documented without a body; they answer the subtype",
    patch: "create-custom-subtype 201 and update-custom-subtype 200 = {customSubtype: {id, locationId, name, " +
      "channel, language, archived, dates…}}",
    apply: (responses) => {
      const subtype: JsonSchema = {
        type: "object",
        properties: {
          id: { type: "string" },
          locationId: { type: "string" },
          name: { type: "string" },
          description: { type: "string" },
          channel: { type: "string" },
          language: { type: "string" },
          archived: { type: "boolean" },
          resubscription_legal_form_id: { type: "string" },
          dateAdded: { type: "string" },
          dateUpdated: { type: "string" }
        },
        required: ["id", "locationId", "name", "channel"]
      }
      for (const [endpoint, status] of [["create-custom-subtype", "201"], ["update-custom-subtype", "200"]] as const) {
        responses[endpoint][status] = {
          type: "object",
          properties: { customSubtype: clone(subtype), traceId: { type: "string" } },
          required: ["customSubtype"]
        }
      }
    }
  },
  {
    id: "D17",
    reason: "get-message-transcription documents one sentence object; the body is an array of sentences",
    patch: "get-message-transcription 200 = array of the documented sentence object",
    apply: (responses) => {
      const { $schema, ...sentence } = response(responses, "get-message-transcription", "200")
      // D12 gave the documented object a `traceId`; an item of the array has none.
      if (sentence.properties !== undefined) delete sentence.properties["traceId"]
      responses["get-message-transcription"]["200"] = {
        ...($schema !== undefined ? { $schema } : {}),
        type: "array",
        items: sentence
      }
    }
  }
]

/**
 * The override with this id.
 *
 * @since 0.1.0
 * @category overrides
 */
export const byId = (id: OverrideId): Override => {
  const found = all.find((override) => override.id === id)
  if (found === undefined) throw new Error(`no override ${id}`)
  return found
}
