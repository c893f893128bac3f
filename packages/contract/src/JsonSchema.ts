/**
 * The subset of JSON Schema (draft-07) that the derived data file uses, as a mutable
 * working type: overrides patch copies of these trees before they are compiled.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Any JSON value.
 *
 * @since 0.1.0
 * @category models
 */
export type Json = null | boolean | number | string | Array<Json> | { [key: string]: Json }

/**
 * A JSON Schema node. Only the keywords the derivation keeps (types, required fields, enums,
 * formats, limits, `pattern` and the combinators) are typed.
 *
 * @since 0.1.0
 * @category models
 */
export interface JsonSchema {
  $schema?: string
  type?: string | Array<string>
  properties?: { [name: string]: JsonSchema }
  required?: Array<string>
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  enum?: Array<Json>
  format?: string
  pattern?: string
  minimum?: number
  maximum?: number
  anyOf?: Array<JsonSchema>
  oneOf?: Array<JsonSchema>
  allOf?: Array<JsonSchema>
  not?: JsonSchema
}

/**
 * Decoder for {@link Json}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Json: Schema.Schema<Json> = Schema.Union(
  Schema.Null,
  Schema.Boolean,
  Schema.Number,
  Schema.String,
  Schema.mutable(Schema.Array(Schema.suspend(() => Json))),
  Schema.mutable(Schema.Record({ key: Schema.String, value: Schema.suspend(() => Json) }))
)

// `exact`: an absent keyword stays absent (no `undefined` values, as exactOptionalPropertyTypes wants).
const exact = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

const schemaNode = Schema.suspend((): Schema.Schema<JsonSchema> => JsonSchema)
const schemaNodes = Schema.mutable(Schema.Array(schemaNode))

/**
 * Decoder for {@link JsonSchema}. Decode with `onExcessProperty: "error"` (as the loader does) so
 * that a data file carrying prose (`description`, `example`) or an OpenAPI-only keyword
 * (`nullable`) is rejected instead of silently dropped.
 *
 * @since 0.1.0
 * @category schemas
 */
export const JsonSchema: Schema.Schema<JsonSchema> = Schema.mutable(Schema.Struct({
  $schema: exact(Schema.String),
  type: exact(Schema.Union(Schema.String, Schema.mutable(Schema.Array(Schema.String)))),
  properties: exact(Schema.mutable(Schema.Record({ key: Schema.String, value: schemaNode }))),
  required: exact(Schema.mutable(Schema.Array(Schema.String))),
  additionalProperties: exact(Schema.Union(Schema.Boolean, schemaNode)),
  items: exact(schemaNode),
  minItems: exact(Schema.NonNegativeInt),
  maxItems: exact(Schema.NonNegativeInt),
  minLength: exact(Schema.NonNegativeInt),
  maxLength: exact(Schema.NonNegativeInt),
  enum: exact(Schema.mutable(Schema.Array(Json))),
  format: exact(Schema.String),
  pattern: exact(Schema.String),
  minimum: exact(Schema.Number),
  maximum: exact(Schema.Number),
  anyOf: exact(schemaNodes),
  oneOf: exact(schemaNodes),
  allOf: exact(schemaNodes),
  not: exact(schemaNode)
}))

/**
 * A deep copy, so that patching a working tree never touches the loaded data.
 *
 * @since 0.1.0
 * @category constructors
 */
export const clone = <A extends JsonSchema>(schema: A): A => structuredClone(schema)

/**
 * Every sub-schema of `schema` (itself included), each with the property name it sits under
 * (`undefined` for array items, combinator branches and the root). A node reachable twice is
 * visited once.
 *
 * @since 0.1.0
 * @category utils
 */
export const walk = (
  schema: JsonSchema,
  visit: (node: JsonSchema, propertyName: string | undefined) => void
): void => {
  const seen = new Set<JsonSchema>()
  const go = (node: JsonSchema, name: string | undefined): void => {
    if (seen.has(node)) return
    seen.add(node)
    visit(node, name)
    for (const [key, child] of Object.entries(node.properties ?? {})) go(child, key)
    if (node.items !== undefined) go(node.items, undefined)
    if (typeof node.additionalProperties === "object") go(node.additionalProperties, undefined)
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) go(branch, undefined)
    if (node.not !== undefined) go(node.not, undefined)
  }
  go(schema, undefined)
}
