/**
 * D11…D20: where the traffic of the 26 other operations (the writes, the other reads, preferences, uploads, call media)
 * differs from their published schemas (issue #11).
 *
 * @since 0.1.0
 * @internal
 */
import type { JsonSchema } from "../JsonSchema.js"
import { clone, walk } from "../JsonSchema.js"
import type { Override } from "../Overrides.js"
import {
  bodies,
  customSubtype,
  isoOrEpochMillis,
  listableMessage,
  messageTypeFields,
  messageTypePattern,
  otherErrorStatuses,
  others,
  property,
  response,
  traceAll,
  traced,
  unwrapped,
  writeMessages
} from "./patch.js"

/** D11…D20, applied after D1…D10. @internal */
export const otherOverrides: ReadonlyArray<Override> = [
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
      traceAll(responses, others())
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
      for (const [endpoint, status] of [["create-custom-subtype", "201"], ["update-custom-subtype", "200"]] as const) {
        responses[endpoint][status] = {
          type: "object",
          properties: { customSubtype: clone(customSubtype), traceId: { type: "string" } },
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
  },
  {
    id: "D18",
    reason: "the other preference operations are documented without a body; they answer the list, the statuses",
    patch: "subtypes list 200 = {customSubtypes}; status 200 = {contactId, locationId, statuses: [{email, " +
      "subscriptions}]}; user-change 201 = {success, contactId, email, subscriptions}; any subtype_name",
    apply: (responses, published) => {
      // A subscription is the `SubscriptionActionDto` a change sends (type, subtype_name or _id, subtype_status);
      // a custom one names its subtype, so `subtype_name` is any name, not only the default type's "One on One".
      const change = published.endpoints["user-subscription-change"].requestBody
      const action = unwrapped(clone(property(change ?? {}, "subscription_action")))
      delete property(action, "subtype_name").enum
      const subscriptions: JsonSchema = { type: "array", items: action }
      const object = (properties: Record<string, JsonSchema>, required: Array<string>): JsonSchema => ({
        type: "object",
        properties: { ...properties, traceId: { type: "string" } },
        required
      })
      responses["get-all-custom-subtypes"]["200"] = object(
        { customSubtypes: { type: "array", items: clone(customSubtype) } },
        ["customSubtypes"]
      )
      responses["get-contact-unsubscription-status"]["200"] = object({
        contactId: { type: "string" },
        locationId: { type: "string" },
        statuses: {
          type: "array",
          items: {
            type: "object",
            properties: { email: { type: "string" }, subscriptions: clone(subscriptions) },
            required: ["email", "subscriptions"]
          }
        }
      }, ["contactId", "statuses"])
      responses["user-subscription-change"]["201"] = object({
        success: { type: "boolean" },
        contactId: { type: "string" },
        email: { type: "string" },
        subscriptions: clone(subscriptions)
      }, ["success", "email", "subscriptions"])
    }
  },
  {
    id: "D19",
    reason: "the upload form carries its files as `fileAttachment` parts, in no schema, and needs no URL list",
    patch: "upload form gains `fileAttachment` (file parts, 1+); `contactId`, `attachmentUrls` optional; its 400 may " +
      "be the UploadFilesErrorResponseDto (whose status enum lists 400)",
    apply: (responses, _published, _requests, forms) => {
      const form = forms["upload-file-attachments"]
      if (form?.properties === undefined) throw new Error("override target missing: upload-file-attachments form")
      form.properties = {
        ...form.properties,
        fileAttachment: { type: "array", minItems: 1, items: { type: "string", format: "binary" } }
      }
      form.required = [
        ...(form.required ?? []).filter((name) => name !== "contactId" && name !== "attachmentUrls"),
        "fileAttachment"
      ]
      const refused = clone(response(responses, "upload-file-attachments", "413"))
      const { $schema, ...badRequest } = response(responses, "upload-file-attachments", "400")
      delete refused.$schema
      responses["upload-file-attachments"]["400"] = {
        ...($schema !== undefined ? { $schema } : {}),
        anyOf: [badRequest, refused]
      }
    }
  },
  {
    id: "D20",
    reason: "the 26 other operations fail beyond what they document (as D8): 403, 404, 422, 429, and 400 with `error`",
    patch: "each gains 400/401/403/404/422/429 and error statuses documented bodiless (common DTOs); a 400 may carry " +
      "`error` (create: `conversationId`); `message` is string | string[]",
    apply: (responses, published) => {
      const { BadRequestDTO, UnauthorizedDTO, UnprocessableDTO } = published.components
      // NestJS's BadRequestException (HighLevel's framework, as the 422 bodies show) adds `error: "Bad Request"`.
      const badRequest = traced({
        ...clone(BadRequestDTO),
        properties: { ...clone(BadRequestDTO).properties, error: { type: "string" } }
      })
      const unauthorized = traced(clone(UnauthorizedDTO))
      const unprocessable = traced({
        ...clone(UnauthorizedDTO),
        properties: { ...clone(UnauthorizedDTO).properties, ...clone(UnprocessableDTO).properties }
      })
      const bodyOf = (status: string) => status === "400" ? badRequest : status === "422" ? unprocessable : unauthorized
      for (const endpoint of others()) {
        const bodiless = Object.keys(published.endpoints[endpoint].otherResponses ?? {}).filter((status) =>
          Number(status) >= 400 && responses[endpoint][status] === undefined
        )
        for (const status of [...otherErrorStatuses, ...bodiless]) {
          const documented = responses[endpoint][status]
          if (documented === undefined) {
            responses[endpoint][status] = listableMessage(clone(bodyOf(status)))
            continue
          }
          // Documented: the spec's DTO stays, with what real bodies add (`error` on a 400, a listed `message`), and
          // create-conversation's "already exists!" 400 names the existing conversation (the mock's README).
          const existing = endpoint === "create-conversation" && status === "400" ?
            { conversationId: { type: "string" } } :
            {}
          for (const body of bodies(documented)) {
            if (body.properties?.["statusCode"] === undefined) continue
            body.properties = {
              ...body.properties,
              ...(status === "400" ? { error: { type: "string" } } : {}),
              ...existing,
              message: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] }
            }
          }
        }
      }
    }
  }
]
