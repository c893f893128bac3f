/**
 * What the conformance tests of the recorded fixtures share: the validator with every override, the fixtures, and
 * helpers that walk a JSON body (every node's path, a copy with one node changed) and find the required fields a body
 * holds along its effective schema.
 */
import * as Conformance from "../../src/Conformance.js"
import type { Json, JsonSchema } from "../../src/JsonSchema.js"
import { isObject } from "../../src/OpenApi.js"
import * as RecordedFixtures from "../../src/RecordedFixtures.js"

/** The validator with every override. */
export const validator = Conformance.make()
/** `text` as a literal inside a RegExp. */
export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
/** The recorded fixtures. */
export const recorded = RecordedFixtures.load()
/** A copy of the body of the recorded fixture `file`. */
export const bodyOf = (file: string): Json => {
  const found = recorded.find((named) => named.file === file)
  if (found === undefined) throw new Error(`no fixture ${file}`)
  return structuredClone(found.fixture.body)
}

/** Where a node sits in a JSON value. */
export type Path = ReadonlyArray<string | number>

// `meta.email` is free-form in the spec (an object without properties): anything goes below it.
export const freeForm = (path: Path): boolean =>
  path.some((key, index) => key === "email" && path[index - 1] === "meta")

/** The path of every node of `value`, itself first. */
export const nodes = (value: Json, path: Path = []): Array<Path> => [
  path,
  ...(Array.isArray(value) ?
    value.flatMap((item, index) => nodes(item, [...path, index])) :
    isObject(value) ?
    Object.entries(value).flatMap(([key, child]) => nodes(child, [...path, key])) :
    [])
]

/** A copy of `value` with the node at `path` replaced by `f` of it (`undefined` removes it). */
export const update = (value: Json, path: Path, f: (node: Json) => Json | undefined): Json | undefined => {
  const [head, ...rest] = path
  if (head === undefined) return f(value)
  if (Array.isArray(value) && typeof head === "number") {
    return value.map((item, index) => index === head ? update(item, rest, f) ?? null : item)
  }
  if (isObject(value) && typeof head === "string") {
    const out: { [key: string]: Json } = {}
    for (const [key, child] of Object.entries(value)) {
      const next = key === head ? update(child, rest, f) : child
      if (next !== undefined) out[key] = next
    }
    return out
  }
  return value
}

/** The node at `path`, if any. */
export const at = (value: Json, path: Path): Json | undefined =>
  path.reduce<Json | undefined>(
    (node, key) =>
      Array.isArray(node) && typeof key === "number" ? node[key] : isObject(node) && typeof key === "string" ?
        node[key] :
        undefined,
    value
  )

const jsonType = (value: Json): string => value === null ? "null" : Array.isArray(value) ? "array" : typeof value

// Required fields present in a body, found by walking the body along its effective schema
// (for D1's choice, along the branch whose properties cover the value).
export const requiredSpots = (schema: JsonSchema, value: Json, path: Path = []): Array<Path> => {
  if (schema.anyOf !== undefined && schema.properties === undefined) {
    const branch = schema.anyOf.find((candidate) =>
      isObject(value) && Object.entries(value).every(([key, child]) => {
        const sub = candidate.properties?.[key]
        return sub !== undefined && (typeof sub.type !== "string" || sub.type === jsonType(child))
      })
    )
    return branch === undefined ? [] : requiredSpots(branch, value, path)
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items
    return value.flatMap((item, index) => requiredSpots(items, item, [...path, index]))
  }
  if (isObject(value) && schema.properties !== undefined) {
    const properties = schema.properties
    return [
      ...(schema.required ?? []).filter((key) => key in value).map((key) => [...path, key]),
      ...Object.entries(value).flatMap(([key, child]) => {
        const sub = properties[key]
        return sub === undefined ? [] : requiredSpots(sub, child, [...path, key])
      })
    ]
  }
  return []
}
