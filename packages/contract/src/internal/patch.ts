/**
 * What the overrides share: lookups that fail loudly when the spec changed under a patch, the walks that find the
 * message and document objects, and the small schemas several rows add.
 *
 * @since 0.1.0
 * @internal
 */
import type { JsonSchema } from "../JsonSchema.js"
import { walk } from "../JsonSchema.js"
import type { ResponseSchemas } from "../Overrides.js"
import type { Endpoint } from "../PublishedSchemas.js"
import { endpoints, reads } from "../PublishedSchemas.js"

// A patch that cannot find what it patches means the spec changed under it: fail loudly.
export const property = (node: JsonSchema, name: string): JsonSchema => {
  const found = node.properties?.[name]
  if (found === undefined) throw new Error(`override target missing: property ${name}`)
  return found
}

export const response = (responses: ResponseSchemas, endpoint: Endpoint, status: string): JsonSchema => {
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

export const messages = (responses: ResponseSchemas): Array<JsonSchema> =>
  messagePages(responses).map((page) => items(property(page, "messages")))

export const searchDocuments = (responses: ResponseSchemas): JsonSchema =>
  items(property(response(responses, "search-conversation", "200"), "conversations"))

// The object(s) a body is: the schema itself, or each branch when D1 made it a choice.
export const bodies = (schema: JsonSchema): Array<JsonSchema> =>
  schema.properties !== undefined ? [schema] : (schema.anyOf ?? []).flatMap(bodies)

export const epochMillis: JsonSchema = { type: "integer", minimum: 0 }
export const isoOrEpochMillis: JsonSchema = { anyOf: [{ type: "string" }, epochMillis] }

// The operations beyond the three reads (D11…D15 patch these; D1…D10 stay on the reads).
export const others = (): Array<Endpoint> => endpoints.filter((endpoint) => !reads.includes(endpoint))

// A documented nested object sits in a one-branch `allOf` (the spec's `$ref` wrapper): its object.
export const unwrapped = (node: JsonSchema): JsonSchema => node.allOf?.[0] ?? node

// The message objects of get-message and of the export page.
export const writeMessages = (responses: ResponseSchemas): Array<JsonSchema> => [
  response(responses, "get-message", "200"),
  items(property(response(responses, "export-messages-by-location", "200"), "messages"))
]
export const messageTypePattern = "^TYPE_[A-Z0-9_]+$"
export const messageTypeFields = new Set(["messageType", "lastMessageType"])
export const errorStatuses = ["403", "404", "422", "429"]

// A custom subtype as the mock answers it (D16, D18): the DTO's fields plus its id, location, state and dates.
export const customSubtype: JsonSchema = {
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

export const traced = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  properties: { ...schema.properties, traceId: { type: "string" } }
})

// Every body of `endpoints`' responses (each status, each branch of D1's choices) gains an optional `traceId` (D6, D12).
export const traceAll = (responses: ResponseSchemas, endpoints: ReadonlyArray<Endpoint>): void => {
  for (const endpoint of endpoints) {
    for (const schema of Object.values(responses[endpoint])) {
      for (const body of bodies(schema)) body.properties = { ...body.properties, traceId: { type: "string" } }
    }
  }
}

// A documented error body may carry `message` as a list (class-validator's 422, and any 400 built from one).
export const listableMessage = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  properties: {
    ...schema.properties,
    message: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] }
  }
})

// The statuses an operation's error bodies are added for by D20 (plus any error status it documents without a body).
export const otherErrorStatuses = ["400", "401", "403", "404", "422", "429"]
