/**
 * Derives the committed contract data from HighLevel's OpenAPI files. Run by a developer when the
 * spec copy in `shared/` changes, never by build or test (users have no `shared/`):
 *
 *   npx tsx packages/contract/scripts/derive-schemas.ts [sharedDir]
 *
 * `sharedDir` (or env `HIGHLEVEL_SHARED_DIR`) defaults to `../shared` next to the repository.
 * Writes `packages/contract/data/published-schemas.json` (JSON Schemas of every operation of
 * the app: parameters, the JSON request body if any, the multipart form's fields if any, each
 * response documented with a JSON body, and the other documented statuses with their media type) and `packages/client/test/fixtures/spec-examples.json` (the docs' "Example (auto)" bodies
 * of the three first reads' responses).
 */
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import * as path from "node:path"
import { Json, type JsonSchema } from "../src/JsonSchema.js"
import {
  inlineRefs,
  isObject,
  type JsonObject,
  parameters,
  parametersSchema,
  sampleExample,
  SpecError,
  toJsonSchema
} from "../src/OpenApi.js"

const repoRoot = path.resolve(import.meta.dirname, "../../..")
const sharedDir = path.resolve(repoRoot, process.argv[2] ?? process.env["HIGHLEVEL_SHARED_DIR"] ?? "../shared")
const openapiDir = path.join(sharedDir, "highlevel", "openapi")

// Paths inside GoHighLevel/highlevel-api-docs; shared/highlevel/openapi mirrors that layout.
const appFile = "apps/conversations.json"
const commonFile = "common/common-schemas.json"

// The three reads the first suite covered: their docs examples also go to the client's fixtures.
const exampleEndpoints = new Set(["search-conversation", "get-conversation", "get-messages"])

// Every operation of the app, in spec order (the reads first, as before, so the data file stays stable).
const methods = ["get", "post", "put", "delete"] as const

const decodeJson = Schema.decodeUnknownSync(Json)

const readJson = (file: string): Json => decodeJson(JSON.parse(fs.readFileSync(path.join(openapiDir, file), "utf8")))

// The README next to the copy names the upstream commit it was taken from.
const sourceCommit = (): string => {
  const readme = fs.readFileSync(path.join(sharedDir, "highlevel", "README.md"), "utf8")
  const match = /commit `([0-9a-f]{40})`/.exec(readme)
  if (match?.[1] === undefined) throw new SpecError({ at: "highlevel/README.md", message: "no source commit found" })
  return match[1]
}

const at = (node: Json | undefined, ...keys: Array<string>): Json | undefined => {
  let current = node
  for (const key of keys) current = isObject(current) ? current[key] : undefined
  return current
}

const objectAt = (node: Json | undefined, ...keys: Array<string>): JsonObject => {
  const found = at(node, ...keys)
  if (!isObject(found)) throw new SpecError({ at: keys.join("/"), message: "expected an object" })
  return found
}

const queryParameter = (spec: Json, endpointPath: string, name: string): JsonObject => {
  const list = at(spec, "paths", endpointPath, "get", "parameters")
  const found = Array.isArray(list) ?
    list.find((item) => isObject(item) && item["name"] === name && item["in"] === "query") :
    undefined
  if (!isObject(found)) throw new SpecError({ at: `${endpointPath} ${name}`, message: "query parameter not found" })
  return found
}

interface Fix {
  readonly id: string
  readonly endpoint: string
  readonly location: string
  readonly before: Json
  readonly after: Json
  readonly reason: string
  readonly commaSeparated?: string
}

// Known defects of the spec, patched in memory before translating (see shared/highlevel/README.md).
// Each one checks that the defect is still there: if upstream fixes it, deriving stops so that the
// fix is removed here instead of silently patching something else.
const applyFixes = (spec: Json): Array<Fix> => {
  const startAfterDate = queryParameter(spec, "/conversations/search", "startAfterDate")
  const startAfterSchema = objectAt(startAfterDate, "schema")
  if (startAfterSchema["type"] !== "any") {
    throw new SpecError({ at: "startAfterDate", message: "defect F1 is gone: remove its fix" })
  }
  startAfterSchema["type"] = "number"
  // A parameter object cannot carry `anyOf` (it belongs in `schema`); its branches name the same value.
  delete startAfterDate["anyOf"]

  const messageTypes = queryParameter(spec, "/conversations/{conversationId}/messages", "type")
  const messageTypesSchema = objectAt(messageTypes, "schema")
  const allowed = messageTypesSchema["enum"]
  const example = messageTypesSchema["example"]
  if (
    messageTypesSchema["type"] !== "string" || !Array.isArray(allowed) || typeof example !== "string" ||
    !example.includes(",") || allowed.includes(example)
  ) {
    throw new SpecError({ at: "get-messages type", message: "defect F2 is gone: remove its fix" })
  }
  messageTypes["schema"] = { type: "array", items: { type: "string", enum: allowed } }

  return [
    {
      id: "F1",
      endpoint: "search-conversation",
      location: "parameters.query.startAfterDate",
      before: { type: "any" },
      after: { type: "number" },
      reason:
        "`any` is not an OpenAPI 3.0 type; the value is the epoch-ms sort value of the previous page's last document"
    },
    {
      id: "F2",
      endpoint: "get-messages",
      location: "parameters.query.type",
      before: { type: "string" },
      after: { type: "array", items: { type: "string" } },
      reason: "the spec's own example is a comma-separated list of enum values, which its string enum rejects; " +
        "the enum now applies to each item, and the list is comma-separated on the wire",
      commaSeparated: "type"
    }
  ]
}

const main = () => {
  const spec = readJson(appFile)
  const common = readJson(commonFile)
  const fixes = applyFixes(spec)
  const files = new Map<string, Json>([[appFile, spec], [commonFile, common]])
  const source = { repo: "GoHighLevel/highlevel-api-docs", commit: sourceCommit(), files: [appFile, commonFile] }

  const derived: Record<string, Json> = {}
  const examples: Record<string, Json> = {}
  const operations = Object.entries(objectAt(spec, "paths")).flatMap(([endpointPath, item]) =>
    methods.flatMap((method) => isObject(item) && isObject(item[method]) ? [{ path: endpointPath, method }] : [])
  )
  // The first three keep their place at the head of the file; the others follow in spec order.
  operations.sort((a, b) => Number(!isGetOf(spec, a, exampleEndpoints)) - Number(!isGetOf(spec, b, exampleEndpoints)))
  for (const endpoint of operations) {
    const operation = inlineRefs(files, appFile, objectAt(spec, "paths", endpoint.path, endpoint.method))
    const operationId = at(operation, "operationId")
    if (typeof operationId !== "string") throw new SpecError({ at: endpoint.path, message: "no operationId" })
    const where = operationId
    const list = parameters(at(operation, "parameters"), `${where}/parameters`)
    const responses: Record<string, JsonSchema> = {}
    const otherResponses: Record<string, { mediaType?: string }> = {}
    const responseExamples: Record<string, Json> = {}
    for (const [status, response] of Object.entries(objectAt(operation, "responses"))) {
      // Statuses documented without a JSON body (bytes, text, or nothing) have no schema to check against: what
      // is kept of them is the status and the media type the spec names, if any.
      const schema = at(response, "content", "application/json", "schema")
      if (schema === undefined) {
        otherResponses[status] = documentedMedia(response, `${operationId} ${status}`)
        continue
      }
      responses[status] = { $schema: "http://json-schema.org/draft-07/schema#", ...toJsonSchema(schema, status) }
      const example = exampleEndpoints.has(operationId) ? sampleExample(schema) : undefined
      if (example !== undefined) responseExamples[status] = example
    }
    const body = at(operation, "requestBody", "content", "application/json", "schema")
    // The multipart upload documents its text fields as a schema of their own (the file parts are not in it).
    const form = at(operation, "requestBody", "content", "multipart/form-data", "schema")
    // The scopes of every security requirement (`bearer`, or `Location-Access` as the typing indicator declares it).
    const security = at(operation, "security")
    const scopes = Array.isArray(security) ?
      [...new Set(security.flatMap((requirement) => isObject(requirement) ? Object.values(requirement) : []).flat())] :
      undefined
    derived[operationId] = toJson({
      method: endpoint.method.toUpperCase(),
      path: endpoint.path,
      scopes: Array.isArray(scopes) ? scopes : [],
      commaSeparated: fixes.flatMap((fix) =>
        fix.endpoint === operationId && fix.commaSeparated !== undefined ? [fix.commaSeparated] : []
      ),
      parameters: {
        header: parametersSchema(list, "header", `${where}/header`),
        path: parametersSchema(list, "path", `${where}/path`),
        query: parametersSchema(list, "query", `${where}/query`)
      },
      ...(body === undefined ?
        {} :
        { requestBody: { $schema: "http://json-schema.org/draft-07/schema#", ...toJsonSchema(body, "requestBody") } }),
      ...(form === undefined ?
        {} :
        { formBody: { $schema: "http://json-schema.org/draft-07/schema#", ...toJsonSchema(form, "formBody") } }),
      responses,
      ...(Object.keys(otherResponses).length === 0 ? {} : { otherResponses })
    })
    if (exampleEndpoints.has(operationId)) examples[operationId] = toJson(responseExamples)
  }

  // Error bodies the common file defines but these endpoints do not reference; overrides reuse them.
  const component = (name: string) =>
    toJsonSchema(inlineRefs(files, commonFile, objectAt(common, "components", "schemas", name)), name)
  const data = {
    source,
    dialect: "http://json-schema.org/draft-07/schema#",
    fixes: fixes.map(({ commaSeparated: _, ...fix }) => fix),
    endpoints: derived,
    components: {
      UnprocessableDTO: component("UnprocessableDTO"),
      BadRequestDTO: component("BadRequestDTO"),
      UnauthorizedDTO: component("UnauthorizedDTO")
    }
  }
  const specExamples = { source, rendering: "docusaurus-openapi-docs Example (auto)", examples }

  write(path.join(repoRoot, "packages/contract/data/published-schemas.json"), data)
  write(path.join(repoRoot, "packages/client/test/fixtures/spec-examples.json"), specExamples)
}

// A media type, as the spec names it: a non-JSON `content` key, or (for bytes served as a download) the value a
// `Content-Type` response header is documented with. Anything that is not a bare `type/subtype` stops deriving.
const mediaType = /^[a-z]+\/[a-z0-9.+-]+$/

const documentedMedia = (response: Json, where: string): { mediaType?: string } => {
  const content = at(response, "content")
  const keys = isObject(content) ? Object.keys(content) : []
  const header = at(response, "headers", "Content-Type", "description")
  const named = keys[0] ?? (typeof header === "string" ? header.trim() : undefined)
  if (keys.length > 1) throw new SpecError({ at: where, message: "several non-JSON media types" })
  if (named === undefined) return {}
  if (!mediaType.test(named)) throw new SpecError({ at: where, message: `not a media type: ${named}` })
  return { mediaType: named }
}

const isGetOf = (spec: Json, endpoint: { readonly path: string; readonly method: string }, ids: ReadonlySet<string>) =>
  endpoint.method === "get" && ids.has(String(at(spec, "paths", endpoint.path, "get", "operationId")))

// JsonSchema is a subset of Json; this widening keeps the output typed as plain JSON.
const toJson = (value: unknown): Json => decodeJson(JSON.parse(JSON.stringify(value)))

const write = (file: string, value: unknown) => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n")
  console.log(`wrote ${path.relative(repoRoot, file)}`)
}

main()
