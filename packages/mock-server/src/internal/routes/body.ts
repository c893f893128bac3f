/**
 * Write bodies checked the way HighLevel's NestJS `ValidationPipe` checks them (class-validator with `whitelist` and
 * `forbidNonWhitelisted`): a body that is not JSON is a 400 from the body parser; a JSON body with an unknown
 * property, a missing required field, a wrong type or a value outside an enum is a 422 whose `message` lists every
 * problem in class-validator's phrasing, properties in declaration order, unknown ones last.
 *
 * @since 0.1.0
 * @internal
 */
import type * as Responses from "../responses.js"
import { error, type RequestContext } from "./route.js"

/** What one property of a DTO accepts. @internal */
type Field =
  | { readonly kind: "string"; readonly required: boolean; readonly maxLength?: number }
  | { readonly kind: "email"; readonly required: boolean }
  | { readonly kind: "boolean"; readonly required: boolean }
  | { readonly kind: "number"; readonly required: boolean; readonly min?: number; readonly max?: number }
  /** An array of strings (`@IsArray` + `@IsString({ each: true })`), at most `max` items when set. */
  | { readonly kind: "strings"; readonly required: boolean; readonly max?: number }
  /** Any JSON object, not looked into (a DTO property typed `object`). */
  | { readonly kind: "json"; readonly required: boolean }
  /** One of `values`, compared with `===` (a boolean-or-string flag lists both spellings). */
  | { readonly kind: "enum"; readonly required: boolean; readonly values: ReadonlyArray<string | boolean> }
  /** A nested DTO (`@ValidateNested`); its problems are reported as `parent.child …`. */
  | { readonly kind: "object"; readonly required: boolean; readonly fields: Fields }

/** A DTO: its properties in declaration order. @internal */
export type Fields = Readonly<Record<string, Field>>

type Json = Readonly<Record<string, unknown>>

// class-validator's `isEmail` is far stricter; this catches what a test would send by mistake.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A JSON object (not an array, not null). @internal */
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const problemsOf = (value: unknown, name: string, field: Field): ReadonlyArray<string> => {
  switch (field.kind) {
    case "string": {
      if (typeof value !== "string") {
        return [...(field.required ? [`${name} should not be empty`] : []), `${name} must be a string`]
      }
      if (field.required && value === "") return [`${name} should not be empty`]
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        return [`${name} must be shorter than or equal to ${field.maxLength} characters`]
      }
      return []
    }
    case "email":
      if (typeof value !== "string" || value === "") return problemsOf(value, name, { kind: "string", required: true })
      return EMAIL.test(value) ? [] : [`${name} must be an email`]
    case "boolean":
      return typeof value === "boolean" ? [] : [`${name} must be a boolean value`]
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return [`${name} must be a number conforming to the specified constraints`]
      }
      if (field.min !== undefined && value < field.min) return [`${name} must not be less than ${field.min}`]
      if (field.max !== undefined && value > field.max) return [`${name} must not be greater than ${field.max}`]
      return []
    case "strings":
      if (!Array.isArray(value)) return [`${name} must be an array`]
      if (value.some((v) => typeof v !== "string")) return [`each value in ${name} must be a string`]
      return field.max !== undefined && value.length > field.max
        ? [`${name} must contain no more than ${field.max} elements`]
        : []
    case "json":
      return isObject(value) ? [] : [`${name} must be an object`]
    case "enum":
      return field.values.some((v) => v === value)
        ? []
        : [`${name} must be one of the following values: ${[...new Set(field.values.map(String))].join(", ")}`]
    case "object":
      return isObject(value)
        ? check(value, field.fields, `${name}.`)
        : [`nested property ${name} must be either object or array`]
  }
}

const check = (body: Json, fields: Fields, prefix: string): Array<string> => {
  const problems: Array<string> = []
  for (const [name, field] of Object.entries(fields)) {
    const value = body[name]
    // class-validator skips an optional property that is absent (undefined or null: `@IsOptional`).
    if ((value === undefined || value === null) && !field.required) continue
    problems.push(...problemsOf(value, `${prefix}${name}`, field))
  }
  for (const name of Object.keys(body)) {
    if (!Object.hasOwn(fields, name)) problems.push(`property ${prefix}${name} should not exist`)
  }
  return problems
}

/** The problems of `body` against `fields`, in class-validator's phrasing; [] when it passes. @internal */
export const problems = (body: unknown, fields: Fields): ReadonlyArray<string> =>
  isObject(body) ? check(body, fields, "") : ["body must be an object"]

/** A decoded body, or the answer to send instead. @internal */
export type Decoded = { readonly ok: true; readonly value: Json } | {
  readonly ok: false
  readonly answer: Responses.Prepared
}

/** 422 in class-validator's shape. @internal */
export const unprocessable = (ctx: RequestContext, messages: ReadonlyArray<string>): Responses.Prepared =>
  error(ctx, 422, messages, { error: "Unprocessable Entity" })

/**
 * Parses the JSON body and checks it against `fields`: 400 (body parser) for text that is not JSON, 422 for a DTO
 * violation, else the object.
 *
 * @internal
 */
export const decode = (ctx: RequestContext, fields: Fields): Decoded => {
  let parsed: unknown
  try {
    parsed = ctx.body.trim() === "" ? {} : JSON.parse(ctx.body)
  } catch (e) {
    return {
      ok: false,
      answer: error(ctx, 400, e instanceof Error ? e.message : "Unexpected token in JSON", { error: "Bad Request" })
    }
  }
  const found = problems(parsed, fields)
  return found.length > 0 || !isObject(parsed)
    ? { ok: false, answer: unprocessable(ctx, found) }
    : { ok: true, value: parsed }
}

/**
 * Query parameters checked as NestJS checks a query DTO: unknown names, then each required one missing or empty,
 * repeated ones (`must be a string`). Returns the problems and the values read.
 *
 * @internal
 */
export const query = (
  params: URLSearchParams,
  known: ReadonlyArray<string>,
  required: ReadonlyArray<string>
): { readonly problems: ReadonlyArray<string>; readonly values: Readonly<Record<string, string>> } => {
  const found: Array<string> = []
  const values: Record<string, string> = {}
  for (const name of known) {
    const all = params.getAll(name)
    const value = all[0]
    if (all.length > 1) found.push(`${name} must be a string`)
    else if (value === undefined || value.trim() === "") {
      if (required.includes(name)) found.push(`${name} should not be empty`, `${name} must be a string`)
    } else values[name] = value
  }
  for (const name of new Set(params.keys())) {
    if (!known.includes(name)) found.push(`property ${name} should not exist`)
  }
  return { problems: found, values }
}

/** The number value of a checked field. @internal */
export const number = (body: Json, name: string): number | undefined => {
  const value = body[name]
  return typeof value === "number" ? value : undefined
}

/** The boolean value of a checked field. @internal */
export const boolean = (body: Json, name: string): boolean | undefined => {
  const value = body[name]
  return typeof value === "boolean" ? value : undefined
}

/** The string-array value of a checked field. @internal */
export const strings = (body: Json, name: string): ReadonlyArray<string> | undefined => {
  const value = body[name]
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined
}

/** The string value of a checked field (the check guarantees the type). @internal */
export const text = (body: Json, name: string): string | undefined => {
  const value = body[name]
  return typeof value === "string" ? value : undefined
}
