/**
 * The committed data file `data/published-schemas.json`: JSON Schemas of every operation of the
 * Conversations app (parameters, JSON request body, JSON responses) derived from HighLevel's OpenAPI files by `scripts/derive-schemas.ts`, with the source commit
 * and the spec defects fixed while deriving. Read at run time from the package, never from
 * `shared/` (users do not have it).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import { Json, JsonSchema } from "./JsonSchema.js"

/**
 * The operations of the Conversations app, named by their OpenAPI `operationId`, in the order of
 * the data file (the three first reads first).
 *
 * @since 0.1.0
 * @category models
 */
export const Endpoint = Schema.Literal(
  "search-conversation",
  "get-conversation",
  "get-messages",
  "update-conversation",
  "delete-conversation",
  "get-all-custom-subtypes",
  "create-custom-subtype",
  "update-custom-subtype",
  "get-contact-unsubscription-status",
  "user-subscription-change",
  "get-email-by-id",
  "cancel-scheduled-email-message",
  "export-messages-by-location",
  "get-message",
  "send-a-new-message",
  "add-an-inbound-message",
  "add-an-outbound-message",
  "send-review-reply",
  "cancel-scheduled-message",
  "upload-file-attachments",
  "initiate-file-upload",
  "complete-file-upload",
  "update-message-status",
  "add-message-attachments",
  "get-message-recording",
  "get-message-transcription",
  "download-message-transcription",
  "live-chat-agent-typing",
  "create-conversation"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Endpoint = typeof Endpoint.Type

/**
 * Every endpoint, in the order of the data file.
 *
 * @since 0.1.0
 * @category constants
 */
export const endpoints: ReadonlyArray<Endpoint> = Endpoint.literals

/**
 * The three reads the overrides D1…D10 were written for (from recorded real traffic).
 *
 * @since 0.1.0
 * @category constants
 */
export const reads: ReadonlyArray<Endpoint> = ["search-conversation", "get-conversation", "get-messages"]

/**
 * Where the schemas come from: the upstream repository, commit and files.
 *
 * @since 0.1.0
 * @category models
 */
export class Source extends Schema.Class<Source>("Source")({
  repo: Schema.String,
  commit: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{40}$/)),
  files: Schema.Array(Schema.String)
}) {}

/**
 * A defect of the spec patched while deriving (`before` → `after` at `location`).
 *
 * @since 0.1.0
 * @category models
 */
export class Fix extends Schema.Class<Fix>("Fix")({
  id: Schema.String,
  endpoint: Endpoint,
  location: Schema.String,
  before: Json,
  after: Json,
  reason: Schema.String
}) {}

/**
 * A response status documented without a JSON body: the media type the spec names for it (a
 * recording's `audio/x-wav`, a text download's `text/plain`), absent when it documents no body.
 *
 * @since 0.1.0
 * @category models
 */
export class OtherResponse extends Schema.Class<OtherResponse>("OtherResponse")({
  mediaType: Schema.optionalWith(Schema.String.pipe(Schema.pattern(/^[a-z]+\/[a-z0-9.+-]+$/)), { exact: true })
}) {}

/**
 * The derived schemas of one endpoint: one object schema per parameter location, the JSON
 * request body's schema if it has one (`formBody`: the text fields of a `multipart/form-data`
 * body), one schema per response status documented with a JSON body, and the statuses documented
 * without one (`otherResponses`). `commaSeparated` names the query parameters whose array value
 * travels as one comma-separated string.
 *
 * @since 0.1.0
 * @category models
 */
export class EndpointSchemas extends Schema.Class<EndpointSchemas>("EndpointSchemas")({
  method: Schema.Literal("GET", "POST", "PUT", "DELETE"),
  path: Schema.String,
  scopes: Schema.Array(Schema.String),
  commaSeparated: Schema.Array(Schema.String),
  parameters: Schema.Struct({ header: JsonSchema, path: JsonSchema, query: JsonSchema }),
  requestBody: Schema.optionalWith(JsonSchema, { exact: true }),
  formBody: Schema.optionalWith(JsonSchema, { exact: true }),
  responses: Schema.Record({ key: Schema.String, value: JsonSchema }),
  otherResponses: Schema.optionalWith(Schema.Record({ key: Schema.String, value: OtherResponse }), { exact: true })
}) {}

/**
 * The whole data file.
 *
 * @since 0.1.0
 * @category models
 */
export class PublishedSchemas extends Schema.Class<PublishedSchemas>("PublishedSchemas")({
  source: Source,
  dialect: Schema.Literal("http://json-schema.org/draft-07/schema#"),
  fixes: Schema.Array(Fix),
  endpoints: Schema.Record({ key: Endpoint, value: EndpointSchemas }),
  components: Schema.Struct({ UnprocessableDTO: JsonSchema, BadRequestDTO: JsonSchema, UnauthorizedDTO: JsonSchema })
}) {}

/**
 * Location of the data file (beside `src/` and `dist/` alike).
 *
 * @since 0.1.0
 * @category constants
 */
export const dataFile: URL = new URL("../data/published-schemas.json", import.meta.url)

/**
 * Decodes a parsed data file. Unknown keys fail, so prose slipped into a schema is caught.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode: (input: unknown) => PublishedSchemas = Schema.decodeUnknownSync(PublishedSchemas, {
  onExcessProperty: "error"
})

let cached: PublishedSchemas | undefined

/**
 * Reads and decodes the committed data file (once per process). Callers get shared, decoded
 * data: clone a schema before patching it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = (): PublishedSchemas => {
  cached ??= decode(JSON.parse(fs.readFileSync(dataFile, "utf8")))
  return cached
}
