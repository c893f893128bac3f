/**
 * Pure helpers that turn OpenAPI 3.0 fragments into the data this package commits: `$ref`
 * inlining across files, OpenAPI-schema to JSON Schema translation (types, required fields,
 * enums and formats only), query-parameter schemas, and the "Example (auto)" bodies that
 * HighLevel's documentation renders. `scripts/derive-schemas.ts` feeds them the spec; the
 * tests feed them small inline fragments.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type { Json, JsonSchema } from "./JsonSchema.js"

/**
 * The spec holds something this translation does not support. Deriving stops instead of
 * writing a schema that validates less than it claims.
 *
 * @since 0.1.0
 * @category errors
 */
export class SpecError extends Data.TaggedError("SpecError")<{ readonly at: string; readonly message: string }> {}

/**
 * A JSON object.
 *
 * @since 0.1.0
 * @category models
 */
export type JsonObject = { [key: string]: Json }

/**
 * Whether a JSON value is an object (not an array, not null).
 *
 * @since 0.1.0
 * @category guards
 */
export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const posixJoin = (dir: string, relative: string): string => {
  const parts = dir === "" ? [] : dir.split("/")
  for (const part of relative.split("/")) {
    if (part === "..") parts.pop()
    else if (part !== "." && part !== "") parts.push(part)
  }
  return parts.join("/")
}

const dirname = (file: string): string => file.split("/").slice(0, -1).join("/")

const pointer = (document: Json, fragment: string, at: string): Json => {
  let node: Json = document
  for (const raw of fragment.split("/").filter((part) => part !== "")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~")
    const next: Json | undefined = isObject(node) ? node[key] : undefined
    if (next === undefined) throw new SpecError({ at, message: `unresolvable pointer #${fragment}` })
    node = next
  }
  return node
}

/**
 * Replaces every `$ref` in `node` (read from `file`) with the node it points to, following refs
 * into other files of `files` (keyed by repository-relative path, e.g.
 * `common/common-schemas.json`). Sibling keywords of a `$ref` are ignored, as OpenAPI 3.0 says.
 * A cycle is an error: the three endpoints have none, and a self-contained schema cannot hold one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const inlineRefs = (files: ReadonlyMap<string, Json>, file: string, node: Json): Json => {
  const go = (current: Json, currentFile: string, stack: ReadonlyArray<string>): Json => {
    if (Array.isArray(current)) return current.map((item) => go(item, currentFile, stack))
    if (!isObject(current)) return current
    const ref = current["$ref"]
    if (typeof ref === "string") {
      const [target = "", fragment = ""] = ref.split("#")
      const targetFile = target === "" ? currentFile : posixJoin(dirname(currentFile), target)
      const key = `${targetFile}#${fragment}`
      if (stack.includes(key)) throw new SpecError({ at: key, message: "circular $ref" })
      const document = files.get(targetFile)
      if (document === undefined) throw new SpecError({ at: key, message: `file ${targetFile} not loaded` })
      return go(pointer(document, fragment, key), targetFile, [...stack, key])
    }
    const out: JsonObject = {}
    for (const [name, child] of Object.entries(current)) out[name] = go(child, currentFile, stack)
    return out
  }
  return go(node, file, [])
}

const primitiveTypes = new Set(["string", "number", "integer", "boolean", "object", "array"])

const strings = (value: Json | undefined, at: string): Array<string> => {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
    throw new SpecError({ at, message: "expected an array of strings" })
  }
  return value
}

/**
 * Translates an inlined OpenAPI 3.0 schema object into JSON Schema draft-07, keeping only
 * `type`, `properties`, `required`, `items`, `enum`, `format`, `additionalProperties` and the
 * combinators. Prose and samples (`description`, `example`, `title`, …) are dropped;
 * `nullable: true` becomes a `"null"` type (and a `null` enum member), as draft-07 has no
 * `nullable`. Numeric, length and count limits are kept. Anything else that would change
 * what validates (`type: "any"`, `discriminator`, `pattern`) throws, so a spec change cannot be half-translated.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toJsonSchema = (node: Json, at = "#"): JsonSchema => {
  if (!isObject(node)) throw new SpecError({ at, message: "a schema must be an object" })
  const out: JsonSchema = {}
  for (const [keyword, value] of Object.entries(node)) {
    const here = `${at}/${keyword}`
    switch (keyword) {
      case "type": {
        if (typeof value !== "string" || !primitiveTypes.has(value)) {
          throw new SpecError({ at: here, message: `unsupported type ${JSON.stringify(value)}` })
        }
        out.type = value
        break
      }
      case "properties": {
        if (!isObject(value)) throw new SpecError({ at: here, message: "properties must be an object" })
        const properties: { [name: string]: JsonSchema } = {}
        for (const [name, child] of Object.entries(value)) properties[name] = toJsonSchema(child, `${here}/${name}`)
        out.properties = properties
        break
      }
      case "required": {
        out.required = strings(value, here)
        break
      }
      case "items": {
        out.items = toJsonSchema(value, here)
        break
      }
      case "additionalProperties": {
        out.additionalProperties = typeof value === "boolean" ? value : toJsonSchema(value, here)
        break
      }
      case "enum": {
        if (!Array.isArray(value)) throw new SpecError({ at: here, message: "enum must be an array" })
        out.enum = value
        break
      }
      case "format": {
        if (typeof value !== "string") throw new SpecError({ at: here, message: "format must be a string" })
        out.format = value
        break
      }
      // Limits the write bodies declare (a name's length, an attachment count): kept, they change what validates.
      case "minLength":
      case "maxLength":
      case "minItems":
      case "maxItems":
      case "minimum":
      case "maximum": {
        if (typeof value !== "number") throw new SpecError({ at: here, message: `${keyword} must be a number` })
        out[keyword] = value
        break
      }
      case "anyOf":
      case "oneOf":
      case "allOf": {
        if (!Array.isArray(value)) throw new SpecError({ at: here, message: `${keyword} must be an array` })
        out[keyword] = value.map((branch, index) => toJsonSchema(branch, `${here}/${index}`))
        break
      }
      case "nullable":
      case "default":
      case "description":
      case "example":
      case "examples":
      case "title":
      case "deprecated":
      case "readOnly":
      case "writeOnly":
      case "externalDocs":
      case "xml":
        break
      default:
        throw new SpecError({ at: here, message: `unsupported keyword ${keyword}` })
    }
  }
  if (node["nullable"] === true) return nullable(out)
  return out
}

const nullable = (schema: JsonSchema): JsonSchema => {
  if (typeof schema.type === "string") {
    return {
      ...schema,
      type: [schema.type, "null"],
      ...(schema.enum !== undefined ? { enum: [...schema.enum, null] } : {})
    }
  }
  return { anyOf: [schema, { type: "null" }] }
}

/**
 * The body HighLevel's documentation shows under "Example (auto)" for a response schema: the
 * rules of the docs generator (docusaurus-openapi-docs `sampleResponseFromSchema`). A node's own
 * `example` wins, whatever its type says; an object is built from its properties in order; an
 * array holds one sampled item; the first branch of `oneOf`/`anyOf` is taken; an enum gives its
 * first value; otherwise strings are `"string"`, numbers `0` and booleans `true`. A property with
 * nothing to show (no type, no example) is left out; `allOf` (absent from these endpoints) throws.
 *
 * @since 0.1.0
 * @category constructors
 */
export const sampleExample = (node: Json): Json | undefined => {
  if (!isObject(node)) return undefined
  if (node["example"] !== undefined) return node["example"]
  // The generator shows an empty object for a node it could not resolve (a circular ref).
  if (Object.keys(node).length === 0) return {}
  if (node["allOf"] !== undefined) throw new SpecError({ at: "allOf", message: "allOf merging is not implemented" })
  for (const combinator of ["oneOf", "anyOf"]) {
    const branches = node[combinator]
    if (Array.isArray(branches)) {
      const first = branches[0]
      return first === undefined ? undefined : sampleExample(first)
    }
  }
  const properties = node["properties"]
  const items = node["items"]
  const type = node["type"] ?? (isObject(properties) ? "object" : items !== undefined ? "array" : undefined)
  if (type === "object") {
    const out: JsonObject = {}
    if (isObject(properties)) {
      for (const [name, child] of Object.entries(properties)) {
        if (isObject(child) && (child["deprecated"] === true || child["writeOnly"] === true)) continue
        const value = sampleExample(child)
        if (value !== undefined) out[name] = value
      }
    }
    return out
  }
  if (type === "array") {
    const item = items === undefined ? undefined : sampleExample(items)
    return item === undefined ? [] : [item]
  }
  const values = node["enum"]
  if (Array.isArray(values) && values.length > 0) return values[0]
  if (node["default"] !== undefined) return node["default"]
  switch (type) {
    case "string":
      return "string"
    case "number":
    case "integer":
      return 0
    case "boolean":
      return true
    default:
      return undefined
  }
}

/**
 * One OpenAPI parameter object, inlined.
 *
 * @since 0.1.0
 * @category models
 */
export interface Parameter {
  readonly name: string
  readonly in: string
  readonly required: boolean
  readonly schema: Json
}

/**
 * Reads a list of inlined OpenAPI parameter objects.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parameters = (list: Json | undefined, at: string): Array<Parameter> => {
  if (list === undefined) return []
  if (!Array.isArray(list)) throw new SpecError({ at, message: "parameters must be an array" })
  return list.map((item, index) => {
    const name = isObject(item) ? item["name"] : undefined
    const location = isObject(item) ? item["in"] : undefined
    if (!isObject(item) || typeof name !== "string" || typeof location !== "string") {
      throw new SpecError({ at: `${at}/${index}`, message: "a parameter needs a name and an in" })
    }
    return { name, in: location, required: item["required"] === true, schema: item["schema"] ?? {} }
  })
}

/**
 * The JSON Schema of the parameters of one location (`query`, `path`, `header`) as one object:
 * a property per parameter and the required ones listed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parametersSchema = (list: ReadonlyArray<Parameter>, location: string, at: string): JsonSchema => {
  const selected = list.filter((parameter) => parameter.in === location)
  const properties: { [name: string]: JsonSchema } = {}
  for (const parameter of selected) {
    properties[parameter.name] = toJsonSchema(parameter.schema, `${at}/${parameter.name}`)
  }
  const required = selected.filter((parameter) => parameter.required).map((parameter) => parameter.name)
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) }
}
