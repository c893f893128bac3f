/**
 * Validates response bodies, request bodies and request query strings of every operation against
 * HighLevel's published schemas, as derived into `data/published-schemas.json`, patched by the
 * overrides in `Overrides.ts` and nothing else.
 *
 * Policy: the spec never says whether undocumented fields may appear, and real traffic shows
 * that some do (D5, D6). A validator that let every unknown field through would never notice a
 * new difference, so every object schema that lists properties is closed
 * (`additionalProperties: false`) after the overrides ran; objects the spec leaves free-form
 * (`meta.email`) stay free-form.
 *
 * @since 0.1.0
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv"
import addFormatsModule from "ajv-formats"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Record from "effect/Record"
import * as Schema from "effect/Schema"
import type { JsonSchema } from "./JsonSchema.js"
import { clone, walk } from "./JsonSchema.js"
import * as Overrides from "./Overrides.js"
import { type Endpoint, endpoints, load, type PublishedSchemas } from "./PublishedSchemas.js"

/**
 * A compiled set of schemas.
 *
 * @since 0.1.0
 * @category models
 */
export interface Validator {
  /** Problems of `body` as the `status` response of `endpoint`; empty when it conforms. */
  readonly validateResponse: (endpoint: Endpoint, status: number, body: unknown) => ReadonlyArray<string>
  /** Problems of a JSON request body sent to `endpoint`; empty when it conforms. */
  readonly validateRequestBody: (endpoint: Endpoint, body: unknown) => ReadonlyArray<string>
  /** The effective request body schema (derived, patched, closed), if the endpoint has one. */
  readonly requestSchema: (endpoint: Endpoint) => Option.Option<JsonSchema>
  /**
   * Problems of a `multipart/form-data` body sent to `endpoint`, given as its parts in order: a text part by its
   * value, a file part by its file name (`file: true`). Empty when it conforms.
   */
  readonly validateForm: (endpoint: Endpoint, parts: ReadonlyArray<FormPart>) => ReadonlyArray<string>
  /**
   * Problems of a response that is not JSON (a recording, a text download): the status must be documented without a
   * JSON body, and the `Content-Type` must be the media type the spec names for it (parameters ignored).
   */
  readonly validateMedia: (endpoint: Endpoint, status: number, contentType: string) => ReadonlyArray<string>
  /** Problems of a request's query string for `endpoint`; empty when it conforms. */
  readonly validateQuery: (endpoint: Endpoint, query: URLSearchParams) => ReadonlyArray<string>
  /** The effective response schema (derived, patched, closed), if the status is known. */
  readonly responseSchema: (endpoint: Endpoint, status: number) => Option.Option<JsonSchema>
  /** The statuses `endpoint` may answer with (documented plus overrides). */
  readonly statuses: (endpoint: Endpoint) => ReadonlyArray<number>
  /** The overrides this validator applied. */
  readonly overrides: ReadonlyArray<Overrides.Override>
}

/**
 * One part of a `multipart/form-data` body, as {@link Validator.validateForm} takes it.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormPart {
  readonly name: string
  /** A text part's value, or a file part's file name. */
  readonly value: string
  readonly file: boolean
}

/**
 * Options of {@link make}: which overrides to apply (all of D1…D10 by default; tests drop one to
 * show it is needed) and which data to use (the committed file by default).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly overrides?: ReadonlyArray<Overrides.Override>
  readonly published?: PublishedSchemas
}

const close = (schema: JsonSchema): JsonSchema => {
  walk(schema, (node) => {
    if (node.properties !== undefined && node.additionalProperties === undefined) node.additionalProperties = false
  })
  return schema
}

const describe = (root: string) => (error: ErrorObject): string => {
  const where = error.instancePath === "" ? root : `${root}${error.instancePath}`
  const params: Record<string, unknown> = error.params
  const detail = error.keyword === "additionalProperty" || error.keyword === "additionalProperties" ?
    ` (${String(params["additionalProperty"])})` :
    error.keyword === "enum" ?
    ` (${JSON.stringify(params["allowedValues"]).slice(0, 80)})` :
    ""
  return `${where} ${error.message ?? error.keyword}${detail}`
}

const problems = (root: string, validate: ValidateFunction, data: unknown): ReadonlyArray<string> =>
  validate(data) ? [] : (validate.errors ?? []).map(describe(root))

// Every documented JSON response, closed and compiled, keyed `<endpoint> <status>`.
const compileResponses = (ajv: Ajv, responses: Overrides.ResponseSchemas) => {
  const effective = new Map<string, JsonSchema>()
  const compiled = new Map<string, ValidateFunction>()
  for (const endpoint of endpoints) {
    for (const [status, schema] of Object.entries(responses[endpoint])) {
      const closed = close(schema)
      effective.set(`${endpoint} ${status}`, closed)
      compiled.set(`${endpoint} ${status}`, ajv.compile(closed))
    }
  }
  return { effective, compiled }
}

// The query schema of every endpoint, compiled by an Ajv of its own: query values arrive as strings, so "20" is
// coerced to 20 where the schema says number.
const compileQueries = (published: PublishedSchemas): Map<Endpoint, ValidateFunction> => {
  const queryAjv = new Ajv({ allErrors: true, strict: true, coerceTypes: true })
  addFormatsModule.default(queryAjv)
  return new Map(
    endpoints.map((
      endpoint
    ) => [endpoint, queryAjv.compile(close(clone(published.endpoints[endpoint].parameters.query)))])
  )
}

interface CompiledBody {
  readonly schema: JsonSchema
  readonly validate: ValidateFunction
}

// The request bodies (JSON or form) of the endpoints that document one, closed and compiled.
const compileBodies = (ajv: Ajv, schemas: Overrides.RequestSchemas): Map<Endpoint, CompiledBody> => {
  const compiled = new Map<Endpoint, CompiledBody>()
  for (const [endpoint, schema] of Object.entries(schemas)) {
    const found = endpoints.find((known) => known === endpoint)
    if (found === undefined || schema === undefined) continue
    const closed = close(schema)
    compiled.set(found, { schema: closed, validate: ajv.compile(closed) })
  }
  return compiled
}

// A form's parts as the schema sees them (a repeated or array field as an array), and each part that is a file where
// text is declared or the other way round.
const formProblems = (found: CompiledBody, parts: ReadonlyArray<FormPart>): ReadonlyArray<string> => {
  const properties = found.schema.properties ?? {}
  const values: Record<string, unknown> = {}
  for (const name of new Set(parts.map((part) => part.name))) {
    const all = parts.filter((part) => part.name === name).map((part) => part.value)
    values[name] = properties[name]?.type === "array" || all.length > 1 ? all : all[0]
  }
  const misplaced = parts.flatMap((part) => {
    const declared = properties[part.name]
    const wantsFile = declared?.items?.format === "binary" || declared?.format === "binary"
    return declared === undefined || wantsFile === part.file ?
      [] :
      [`form/${part.name} must be ${wantsFile ? "a file part" : "a text part"}`]
  })
  return [...problems("form", found.validate, values), ...misplaced]
}

// A query as its schema sees it: comma lists split, a repeated or array parameter as an array.
const queryValues = (
  definition: PublishedSchemas["endpoints"][Endpoint],
  query: URLSearchParams
): Record<string, unknown> => {
  const properties = definition.parameters.query.properties ?? {}
  const values: Record<string, unknown> = {}
  for (const name of new Set(query.keys())) {
    const all = query.getAll(name)
    const listed = definition.commaSeparated.includes(name) ? all.flatMap((value) => value.split(",")) : all
    values[name] = properties[name]?.type === "array" || listed.length > 1 ? listed : listed[0]
  }
  return values
}

/**
 * Builds a validator: clones the derived response schemas, applies the overrides in order,
 * closes the objects and compiles everything with Ajv (draft-07, all errors, strict).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Validator => {
  const published = options.published ?? load()
  const overrides = options.overrides ?? Overrides.all
  const responses: Overrides.ResponseSchemas = Record.map(
    published.endpoints,
    (schemas) => structuredClone(schemas.responses)
  )
  const requests: Overrides.RequestSchemas = {}
  const forms: Overrides.RequestSchemas = {}
  for (const endpoint of endpoints) {
    const { formBody, requestBody } = published.endpoints[endpoint]
    if (requestBody !== undefined) requests[endpoint] = clone(requestBody)
    if (formBody !== undefined) forms[endpoint] = clone(formBody)
  }
  for (const override of overrides) override.apply(responses, published, requests, forms)

  const ajv = new Ajv({ allErrors: true, strict: true })
  addFormatsModule.default(ajv)
  // OpenAPI's format of a file's content: in a form it stands for a file part (checked as such by validateForm).
  ajv.addFormat("binary", true)

  const { compiled, effective } = compileResponses(ajv, responses)
  const requestValidators = compileBodies(ajv, requests)
  const formValidators = compileBodies(ajv, forms)
  const queries = compileQueries(published)

  const statuses = (endpoint: Endpoint): ReadonlyArray<number> => Object.keys(responses[endpoint]).map(Number)
  const documentedWithoutJson = (endpoint: Endpoint, status: number) =>
    responses[endpoint][String(status)] === undefined ?
      Option.fromNullable(published.endpoints[endpoint].otherResponses?.[String(status)]) :
      Option.none()

  return {
    overrides,
    statuses,
    responseSchema: (endpoint, status) => Option.fromNullable(effective.get(`${endpoint} ${status}`)),
    requestSchema: (endpoint) => Option.fromNullable(requestValidators.get(endpoint)?.schema),
    validateRequestBody: (endpoint, body) => {
      const found = requestValidators.get(endpoint)
      if (found === undefined) {
        return body === undefined ? [] : [`${endpoint} documents no JSON request body`]
      }
      return problems("request", found.validate, body)
    },
    validateResponse: (endpoint, status, body) => {
      const validate = compiled.get(`${endpoint} ${status}`)
      if (validate === undefined) {
        return Option.isSome(documentedWithoutJson(endpoint, status)) ?
          [`status ${status} of ${endpoint} is documented without a JSON body`] :
          [`status ${status} is not a documented response of ${endpoint} (known: ${statuses(endpoint).join(", ")})`]
      }
      return problems("body", validate, body)
    },
    validateForm: (endpoint, parts) => {
      const found = formValidators.get(endpoint)
      return found === undefined ? [`${endpoint} documents no multipart/form-data body`] : formProblems(found, parts)
    },
    validateMedia: (endpoint, status, contentType) =>
      Option.match(documentedWithoutJson(endpoint, status), {
        onNone: () =>
          compiled.has(`${endpoint} ${status}`) ?
            [`status ${status} of ${endpoint} is documented as JSON, got ${contentType || "no content type"}`] :
            [`status ${status} is not a documented response of ${endpoint}`],
        onSome: ({ mediaType }) => {
          const essence = contentType.split(";")[0]?.trim().toLowerCase() ?? ""
          return mediaType === undefined ?
            [`status ${status} of ${endpoint} is documented without a body, got ${contentType || "no content type"}`] :
            essence === mediaType ?
            [] :
            [`${endpoint} ${status}: content type ${contentType || "(none)"} is not the documented ${mediaType}`]
        }
      }),
    validateQuery: (endpoint, query) => {
      const validate = queries.get(endpoint)
      return validate === undefined ?
        [`no query schema for ${endpoint}`] :
        problems("query", validate, queryValues(published.endpoints[endpoint], query))
    }
  }
}

let defaultValidator: Validator | undefined

/**
 * The validator with every override, built on first use.
 *
 * @since 0.1.0
 * @category constructors
 */
export const validator = (): Validator => {
  defaultValidator ??= make()
  return defaultValidator
}

/**
 * Problems of `body` as the `status` response of `endpoint` (empty = conforms), with D1…D10.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateResponse = (endpoint: Endpoint, status: number, body: unknown): ReadonlyArray<string> =>
  validator().validateResponse(endpoint, status, body)

/**
 * Problems of a JSON request body sent to `endpoint` (empty = conforms), with every override.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateRequestBody = (endpoint: Endpoint, body: unknown): ReadonlyArray<string> =>
  validator().validateRequestBody(endpoint, body)

/**
 * Problems of a request query string for `endpoint` (empty = conforms).
 *
 * @since 0.1.0
 * @category validation
 */
export const validateQuery = (endpoint: Endpoint, query: URLSearchParams): ReadonlyArray<string> =>
  validator().validateQuery(endpoint, query)

/**
 * A response body that does not conform.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConformanceError extends Schema.TaggedError<ConformanceError>()("ConformanceError", {
  endpoint: Schema.String,
  status: Schema.Number,
  problems: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `${this.endpoint} ${this.status}: ${this.problems.join("; ")}`
  }
}

/**
 * {@link validateResponse} as an Effect: fails with {@link ConformanceError} listing the problems.
 *
 * @since 0.1.0
 * @category validation
 */
export const check = (endpoint: Endpoint, status: number, body: unknown): Effect.Effect<void, ConformanceError> =>
  Effect.suspend(() => {
    const found = validateResponse(endpoint, status, body)
    return found.length === 0 ? Effect.void : Effect.fail(new ConformanceError({ endpoint, status, problems: found }))
  })

interface Route {
  readonly endpoint: Endpoint
  readonly method: string
  readonly pattern: RegExp
  readonly parameters: number
}

let routes: ReadonlyArray<Route> | undefined

// One route per operation, from the spec's path templates: `{name}` matches one segment.
const routeTable = (): ReadonlyArray<Route> => {
  routes ??= endpoints.map((endpoint) => {
    const { method, path } = load().endpoints[endpoint]
    const segments = path.replace(/\/$/, "").split("/")
    const source = segments.map((segment) =>
      /^\{[^}]+\}$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    )
    return {
      endpoint,
      method,
      pattern: new RegExp(`^${source.join("/")}/?$`),
      parameters: segments.filter((segment) => segment.startsWith("{")).length
    }
  })
  return routes
}

/**
 * Which operation a request of `method` to `pathname` is, if any (`/conversations/search`,
 * `/conversations/messages/{id}/status`, …). When several templates match, the one with the
 * fewest path parameters wins, so `/conversations/messages/export` is the export, never
 * `/conversations/messages/{id}`, and `/conversations/search` never a conversation id. A base path
 * before `/conversations` is ignored, so mock URLs with a prefix match too.
 *
 * @since 0.1.0
 * @category routing
 */
export const endpointOf = (method: string, pathname: string): Option.Option<Endpoint> => {
  const index = pathname.indexOf("/conversations/")
  if (index < 0) return Option.none()
  const path = pathname.slice(index)
  const wanted = method.toUpperCase()
  const found = routeTable()
    .filter((route) => route.method === wanted && route.pattern.test(path))
    .sort((a, b) => a.parameters - b.parameters)[0]
  return found === undefined ? Option.none() : Option.some(found.endpoint)
}
