/**
 * Reading parsed JSON by field tables, for the fast decoder (internal/fastDecode.ts): the value checks the models
 * share, and the reader of a model's table into an instance of its class.
 *
 * @since 0.1.0
 * @internal
 */

/**
 * A value that does not match: distinct from `undefined`, which means "absent" for optional fields.
 *
 * @internal
 */
export const invalid: unique symbol = Symbol.for("@highlevel-effect/client/fastDecode/invalid")

/**
 * @internal
 */
export type Invalid = typeof invalid

/**
 * A parsed JSON object.
 *
 * @internal
 */
export type Json = Record<string, unknown>

/**
 * What a field's Schema does to one wire value: its decoded value, or `invalid`.
 *
 * @internal
 */
export type Check<A> = (u: unknown) => A | Invalid

/**
 * `JSON.parse` only makes objects whose prototype is `Object.prototype`. Anything else (class instances, objects with
 * an inherited field) is left to the Schema, which reads own properties only for optional fields.
 *
 * @internal
 */
export const isPlainObject = (u: unknown): u is Json =>
  typeof u === "object" && u !== null && Object.getPrototypeOf(u) === Object.prototype

const isPlainArray = (u: unknown): u is Array<unknown> =>
  Array.isArray(u) && Object.getPrototypeOf(u) === Array.prototype

/**
 * Brands without a refinement (ids) and open enums (a branded string first) accept every string: the `typeof`
 * check is the whole of what their Schemas check.
 *
 * @internal
 */
export const isString = <S extends string>(u: unknown): u is S => typeof u === "string"

/**
 * The check of every string-typed field (see {@link isString}).
 *
 * @internal
 */
export const string = (u: unknown): string | Invalid => typeof u === "string" ? u : invalid

/**
 * @internal
 */
export const number = (u: unknown): number | Invalid => typeof u === "number" ? u : invalid

/**
 * @internal
 */
export const boolean = (u: unknown): boolean | Invalid => typeof u === "boolean" ? u : invalid

/**
 * A plain array whose every element passes `check`, decoded element by element into a copy, as the Schema's.
 *
 * @internal
 */
export const arrayOf = <A>(check: Check<A>): Check<ReadonlyArray<A>> => (u) => {
  if (!isPlainArray(u)) return invalid
  const out: Array<A> = new Array(u.length)
  for (let i = 0; i < u.length; i++) {
    const decoded = check(u[i])
    if (decoded === invalid) return invalid
    out[i] = decoded
  }
  return out
}

/**
 * @internal
 */
export const stringArray = arrayOf(string)

/**
 * One optional field of a plain object, for decoders that are not a table: `undefined` when absent or `null` (the
 * Schemas' `optionalOrNull`), `invalid` for a key present with `undefined` (impossible in JSON; the Schema keeps the
 * key).
 *
 * @internal
 */
export const optionalField = <A>(json: Json, key: string, check: Check<A>): A | undefined | Invalid => {
  const value = json[key]
  if (value === null) return undefined
  if (value === undefined) return Object.hasOwn(json, key) ? invalid : undefined
  return check(value)
}

/**
 * How one field of a model is read: required or optional, and its check.
 *
 * @internal
 */
export interface Field<A> {
  readonly optional: boolean
  readonly check: Check<A>
}

/**
 * @internal
 */
export const required = <A>(check: Check<A>): Field<A> => ({ optional: false, check })

/**
 * @internal
 */
export const optional = <A>(check: Check<A>): Field<A> => ({ optional: true, check })

// The check a field's type needs: every string-typed field (ids, open enums, plain strings) takes `string`.
type CheckOf<T> = [T] extends [string] ? string : T

/**
 * A model's table: one entry per field of its Schema, required fields with `required`, optional ones with `optional`,
 * each with a check of the field's type (the types insist on all three).
 *
 * @internal
 */
export type Table<A> = {
  readonly [K in keyof A]-?: {} extends Pick<A, K> ? Field<CheckOf<Exclude<A[K], undefined>>> : Field<CheckOf<A[K]>>
}

/**
 * A table entry with its key, ready for {@link fill}.
 *
 * @internal
 */
interface Entry extends Field<unknown> {
  readonly key: string
}

/**
 * The table's entries in the order of `keys`, the Schema's own order (`Schema.Class.fields`): the instance gets its
 * fields in that order, as the Schema's would.
 *
 * @internal
 */
export const entries = <A>(keys: ReadonlyArray<string>, table: Table<A>): ReadonlyArray<Entry> => {
  const byKey: Readonly<Record<string, Field<unknown>>> = table
  return keys.map((key) => {
    const field = byKey[key]
    // A field of the Schema missing from its table is a bug here, caught when the module loads.
    if (field === undefined) throw new Error(`fastDecode: no table entry for ${key}`)
    return { key, ...field }
  })
}

/**
 * Reads every entry from `json` into `target`; false as soon as one does not match. Absent and `null` optional fields
 * stay absent. The string check, most fields' check, is made inline: with a call through `entry.check` for every field
 * (one call site for a dozen functions) a 100-message page took about 1.24× the time of the hand-written code this
 * table replaced, 1.16× with it (a micro-benchmark, interleaved rounds).
 *
 * @internal
 */
export const fill = (target: Json, json: Json, table: ReadonlyArray<Entry>): boolean => {
  for (const entry of table) {
    const value = json[entry.key]
    if (value === undefined || value === null) {
      // `null` in an optional field is absent, as the Schemas' `optionalOrNull` decodes it; in a required field it
      // fails. A key present with `undefined` (not JSON) is left to the Schema, which keeps the key.
      if (!entry.optional || (value === undefined && Object.hasOwn(json, entry.key))) return false
      continue
    }
    const check = entry.check
    if (check === string) {
      if (typeof value !== "string") return false
      target[entry.key] = value
    } else {
      const decoded = check(value)
      if (decoded === invalid) return false
      target[entry.key] = decoded
    }
  }
  return true
}

/**
 * A fresh object of a `Schema.Class`'s prototype, to {@link fill}. The class's constructor, with validation off,
 * copies the props onto such an object (after filling in constructor defaults, which these classes do not have):
 * going through it costs a copy of the props and a walk over the class's fields per instance, about 1.5 µs per
 * message, more than all the checks together. `Object.create` is typed `any`: the one object is both the instance
 * and the record its fields are set on.
 *
 * @internal
 */
export const blank = <A extends object>(klass: { readonly prototype: A }): A & Json => Object.create(klass.prototype)

/**
 * A model's decoder from its table: an instance of the class, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const model = <A extends object>(klass: { readonly prototype: A; readonly fields: object }, table: Table<A>) => {
  const compiled = entries(Object.keys(klass.fields), table)
  return (u: unknown): A | undefined => {
    if (!isPlainObject(u)) return undefined
    const instance = blank(klass)
    return fill(instance, u, compiled) ? instance : undefined
  }
}

/**
 * A model's decoder as a field check, for models inside others.
 *
 * @internal
 */
export const nested = <A>(decode: (u: unknown) => A | undefined): Check<A> => (u) => decode(u) ?? invalid
