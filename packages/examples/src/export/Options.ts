/**
 * The export's options, validated by a Schema before anything is opened or requested: a bad option fails with an
 * `ExportError` of reason `InvalidOptions` whose `field` names the option and whose `detail` says what is wrong.
 *
 * @since 0.1.0
 */
import * as Path from "@effect/platform/Path"
import { Message, SearchParams } from "@highlevel-effect/client"
import * as Arr from "effect/Array"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { ExportError, type Filters, type Options, type Progress, strategies, type Strategy } from "./Model.js"

const integerFrom = (min: number, max: number, expected: string) =>
  Schema.Number.pipe(Schema.filter((n) => Number.isInteger(n) && n >= min && n <= max, {
    message: (issue) => `must be ${expected}, got ${String(issue.actual)}`
  }))

const FilePath = Schema.String.pipe(Schema.filter((path) => path !== "", { message: () => "must not be empty" }))

// Overrides the union's 42 "Expected …" lines with one that says what was wrong.
const MessageType = Message.MessageTypeFilter.annotations({
  message: (issue) => ({ message: `unknown message type ${JSON.stringify(issue.actual)}`, override: true })
})

const Interval = Schema.transformOrFail(Schema.Unknown, Schema.DurationFromSelf, {
  strict: true,
  decode: (input, _, ast) =>
    Option.match(Duration.decodeUnknown(input), {
      onNone: () => ParseResult.fail(new ParseResult.Type(ast, input, "must be a duration (e.g. \"250 millis\")")),
      onSome: ParseResult.succeed
    }),
  encode: ParseResult.succeed
})

// A function's parameters cannot be checked at run time: the type says what it is given.
const ProgressCallback = Schema.declare(
  (input: unknown): input is (progress: Progress) => Effect.Effect<void> => typeof input === "function",
  { message: () => "must be a function" }
)

const FiltersSchema: Schema.Schema<Filters> = SearchParams.SearchConversationsParams.pipe(
  Schema.omit("sort", "sortBy", "startAfterDate", "limit")
)

/**
 * The options that select conversations, which only the conversations strategy can apply: every filter but
 * `locationId`, and `limit` (a number of conversations). Their names, in the order they were given.
 *
 * @since 0.1.0
 * @category getters
 */
export const conversationFilters = (options: {
  readonly filters: Filters
  readonly limit?: number | undefined
}): Array<string> => [
  ...Object.entries(options.filters)
    .filter(([key, value]) => key !== "locationId" && value !== undefined)
    .map(([key]) => key),
  ...(options.limit !== undefined ? ["limit"] : [])
]

/**
 * The strategy an export uses and why: `filters` names the options that made it the conversations strategy (empty
 * when it was asked for, or is the endpoint).
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly strategy: Strategy
  /** Whether the caller named the strategy (else it was chosen from the options). */
  readonly explicit: boolean
  readonly filters: ReadonlyArray<string>
}

/**
 * Chooses the strategy: the one asked for, else the endpoint unless conversation filters need the conversations
 * strategy. Checking that the endpoint was not asked for together with conversation filters is the Schema's job.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plan = (options: {
  readonly filters: Filters
  readonly limit?: number | undefined
  readonly strategy?: Strategy | undefined
}): Plan => {
  const filters = conversationFilters(options)
  if (options.strategy !== undefined) return { strategy: options.strategy, explicit: true, filters: [] }
  return { strategy: filters.length > 0 ? "conversations" : "endpoint", explicit: false, filters }
}

/**
 * Why a plan's strategy, in a few words; `nameOf` renames the options (the command says `--status`).
 *
 * @since 0.1.0
 * @category rendering
 */
export const describePlan = (plan: Plan, nameOf: (option: string) => string = (option) => option): string =>
  plan.strategy === "endpoint"
    ? `the location export endpoint, 500 messages a page, emails in a second walk${plan.explicit ? "" : " (default)"}`
    : plan.explicit
    ? "one listing per conversation (asked for)"
    : `one listing per conversation: ${plan.filters.map(nameOf).join(", ")} ${
      plan.filters.length === 1 ? "selects" : "select"
    } conversations, which the export endpoint cannot`

/**
 * The options as a Schema: defaults filled in, then the checks that involve two options.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OptionsSchema = Schema.Struct({
  filters: FiltersSchema,
  output: FilePath,
  strategy: Schema.optional(Schema.Literal(...strategies)),
  concurrency: Schema.optionalWith(integerFrom(1, 32, "an integer from 1 to 32"), { default: () => 4 }),
  limit: Schema.optional(integerFrom(1, Number.MAX_SAFE_INTEGER, "a positive integer")),
  messageTypes: Schema.optional(Schema.Array(MessageType)),
  checkpoint: Schema.optional(FilePath),
  resume: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  onProgress: Schema.optional(ProgressCallback),
  progressInterval: Schema.optionalWith(Interval, { default: () => Duration.millis(250) })
}).pipe(Schema.filter((options) =>
  options.output === "-" && options.checkpoint !== undefined
    ? { path: ["checkpoint"], message: "needs an output file: standard output cannot be truncated on resume" }
    : options.resume && options.checkpoint === undefined
    ? { path: ["resume"], message: "needs a checkpoint path" }
    : options.strategy === "endpoint" && conversationFilters(options).length > 0
    ? {
      path: ["strategy"],
      message: `"endpoint" reads the whole location and cannot apply ${
        conversationFilters(options).join(", ")
      }: use "conversations", or drop them`
    }
    : undefined
))

/**
 * Valid options with their defaults, paths resolved and an empty type list read as "every type".
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  readonly filters: Filters
  /** An absolute path, or `"-"` for standard output. */
  readonly output: string
  readonly strategy: Strategy
  /** How the strategy was chosen (see {@link describePlan}). */
  readonly plan: Plan
  readonly concurrency: number
  readonly limit: number | undefined
  readonly messageTypes: Arr.NonEmptyReadonlyArray<Message.MessageTypeFilter> | undefined
  /** An absolute path. */
  readonly checkpoint: string | undefined
  readonly resume: boolean
  readonly onProgress: ((progress: Progress) => Effect.Effect<void>) | undefined
  readonly progressInterval: Duration.Duration
}

const fieldOf = (path: ReadonlyArray<PropertyKey>) =>
  path.map((key, i) => typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`).join("")

// A closed literal union (e.g. `status`) fails once per member: "Expected "all", actual "x"", "Expected "read", …".
// Those become one line listing the allowed values.
const mergeExpected = (messages: ReadonlyArray<string>): string => {
  const parts = messages.map((message) => /^Expected (.*), actual (.*)$/s.exec(message))
  const actual = parts[0]?.[2]
  return parts.length > 1 && parts.every((match) => match !== null && match[2] === actual)
    ? `expected ${parts.map((match) => match?.[1]).join(" | ")}, got ${actual}`
    : messages[0] ?? "is invalid"
}

const invalidOptions = (error: ParseResult.ParseError): ExportError => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const first = issues[0]
  const path = first?.path ?? []
  const field = fieldOf(path)
  // Optional fields also report "Expected undefined": the value was given, so that alternative says nothing.
  const messages = issues
    .filter((issue) => fieldOf(issue.path) === field && !issue.message.startsWith("Expected undefined"))
    .map((issue) => issue.message)
  const detail = mergeExpected(messages)
  return new ExportError({ reason: "InvalidOptions", field, detail: field === "" ? detail : `${field}: ${detail}` })
}

const decodeOptions = Schema.decodeUnknown(OptionsSchema)

/**
 * Validates options and fills in their defaults. Needs `Path` to resolve the output and checkpoint paths.
 *
 * @since 0.1.0
 * @category constructors
 */
export const settings = (options: Options): Effect.Effect<Settings, ExportError, Path.Path> =>
  Effect.gen(function*() {
    const valid = yield* Effect.mapError(decodeOptions(options), invalidOptions)
    const path = yield* Path.Path
    const chosen = plan(valid)
    return {
      filters: valid.filters,
      output: valid.output === "-" ? "-" : path.resolve(valid.output),
      strategy: chosen.strategy,
      plan: chosen,
      concurrency: valid.concurrency,
      limit: valid.limit,
      messageTypes: valid.messageTypes !== undefined && Arr.isNonEmptyReadonlyArray(valid.messageTypes)
        ? valid.messageTypes
        : undefined,
      checkpoint: valid.checkpoint !== undefined ? path.resolve(valid.checkpoint) : undefined,
      resume: valid.resume,
      onProgress: valid.onProgress,
      progressInterval: valid.progressInterval
    }
  })
