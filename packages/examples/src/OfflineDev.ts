/**
 * Offline development: start the mock over real HTTP (127.0.0.1, a free port, a fixed seed), point the client at it
 * through `Config`, and run the inbox and the export against it. When `HIGHLEVEL_TOKEN` is set no mock is started
 * and the same program talks to the real API: the only thing that changes is the {@link layer} below, which either
 * leaves the configuration alone or swaps in a `ConfigProvider` naming the mock.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Path from "@effect/platform/Path"
import { ConversationsClient, ConversationsConfig } from "@highlevel-effect/client"
import { HighLevelMock, MockHttpServer, type MockScenario } from "@highlevel-effect/mock-server"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as ExportMessages from "./ExportMessages.js"
import * as Inbox from "./Inbox.js"

/**
 * Where the program's requests go: the mock started by {@link layer}, or the real API.
 *
 * @since 0.1.0
 * @category models
 */
export type Backend =
  | {
    readonly _tag: "Mock"
    readonly baseUrl: string
    readonly locationId: string
    readonly seed: number
    readonly scenario: MockScenario.ScenarioName
    /** The running mock, for assertions against its store (tests, and the demo's final check). */
    readonly mock: HighLevelMock.HighLevelMock
  }
  | {
    readonly _tag: "Api"
    readonly baseUrl: string
    readonly locationId: string | undefined
  }

/**
 * The backend in use.
 *
 * @since 0.1.0
 * @category tags
 */
export class CurrentBackend extends Context.Tag("@highlevel-effect/examples/OfflineDev/CurrentBackend")<
  CurrentBackend,
  Backend
>() {}

/**
 * Options of the mock {@link layer} starts.
 *
 * @since 0.1.0
 * @category models
 */
export interface MockOptions {
  /** Default 42: the same data on every run and every machine. */
  readonly seed?: number | undefined
  /** Default `"default"`. */
  readonly scenario?: MockScenario.ScenarioName | undefined
  /**
   * `"auto"` (default): the real API when `HIGHLEVEL_TOKEN` is configured, else the mock. `"mock"`: always the mock,
   * whatever the environment holds (tests use it, so that no test can reach the internet).
   */
  readonly mode?: "auto" | "mock" | undefined
  /**
   * Default `true`: the mock enforces HighLevel's burst limit and the client paces itself, as against the real API.
   * `false` turns both off, for test suites that make many more requests than a demo.
   */
  readonly rateLimit?: boolean | undefined
}

/**
 * Serves `mock` over HTTP on 127.0.0.1 with a free port; the server stops when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (
  mock: HighLevelMock.HighLevelMock
): Effect.Effect<MockHttpServer.RunningServer, MockHttpServer.ListenError, Scope.Scope> =>
  Effect.map(
    Layer.build(MockHttpServer.layer(mock, { port: 0, host: "127.0.0.1" })),
    (context) => Context.get(context, MockHttpServer.MockHttpServer)
  )

/**
 * Starts the mock over HTTP on 127.0.0.1 with a free port; the server stops when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const startMock = (
  options: MockOptions = {}
): Effect.Effect<MockHttpServer.RunningServer, MockHttpServer.ListenError, Scope.Scope> =>
  serve(HighLevelMock.make({
    seed: options.seed ?? 42,
    scenario: options.scenario ?? "default",
    ...(options.rateLimit === false ? { rateLimit: false } : {})
  }))

/**
 * A `ConfigProvider` that points the client at a mock: `HIGHLEVEL_TOKEN`, `HIGHLEVEL_BASE_URL` and
 * `HIGHLEVEL_LOCATION_ID` come from the map, every other `HIGHLEVEL_*` setting still from the environment.
 *
 * @since 0.1.0
 * @category config
 */
export const mockConfigProvider = (settings: {
  readonly baseUrl: string
  readonly token: string
  readonly locationId: string
  /** `false` sets `HIGHLEVEL_RATE_LIMIT=0` (no client-side pacing). */
  readonly rateLimit?: boolean | undefined
}): ConfigProvider.ConfigProvider =>
  ConfigProvider.fromMap(
    new Map([
      ["HIGHLEVEL_TOKEN", settings.token],
      ["HIGHLEVEL_BASE_URL", settings.baseUrl],
      ["HIGHLEVEL_LOCATION_ID", settings.locationId],
      ...(settings.rateLimit === false ? [["HIGHLEVEL_RATE_LIMIT", "0"] as const] : [])
    ]),
    // `Config.nested("HIGHLEVEL")` + `"TOKEN"` is the path HIGHLEVEL/TOKEN; the env spells it HIGHLEVEL_TOKEN.
    { pathDelim: "_" }
  ).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))

/**
 * The backend, decided once: with `HIGHLEVEL_TOKEN` in the configuration the real API (nothing else changes),
 * otherwise (or with `mode: "mock"`) a mock started for the lifetime of the layer, with the configuration pointed
 * at it. Provide it below the
 * client's `layerConfig`, so the client reads the configuration this layer sets.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: MockOptions = {}): Layer.Layer<CurrentBackend, MockHttpServer.ListenError> =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const token = options.mode === "mock" ? Option.none<string>() : yield* Config.option(
      Config.nonEmptyString("HIGHLEVEL_TOKEN")
    ).pipe(Effect.orElseSucceed(() => Option.none<string>()))
    if (Option.isSome(token)) {
      const settings = yield* Config.all({
        baseUrl: Config.string("HIGHLEVEL_BASE_URL").pipe(Config.withDefault(ConversationsConfig.defaultBaseUrl)),
        locationId: Config.option(Config.nonEmptyString("HIGHLEVEL_LOCATION_ID"))
      }).pipe(
        Effect.orElseSucceed(() => ({ baseUrl: ConversationsConfig.defaultBaseUrl, locationId: Option.none<string>() }))
      )
      return Layer.succeed(CurrentBackend, {
        _tag: "Api",
        baseUrl: settings.baseUrl,
        locationId: Option.getOrUndefined(settings.locationId)
      })
    }
    const seed = options.seed ?? 42
    const scenario = options.scenario ?? "default"
    const { mock, url } = yield* startMock({ seed, scenario, rateLimit: options.rateLimit })
    const backend: Backend = {
      _tag: "Mock",
      baseUrl: url,
      locationId: mock.credentials.locationId,
      seed,
      scenario,
      mock
    }
    return Layer.merge(
      Layer.succeed(CurrentBackend, backend),
      Layer.setConfigProvider(
        mockConfigProvider({ baseUrl: url, ...mock.credentials, rateLimit: options.rateLimit })
      )
    )
  }))

/**
 * The application's services, composed once: the inbox on the client configured from `Config`, over the given
 * `HttpClient`, on the backend of {@link layer}. Switching to the real API is setting `HIGHLEVEL_TOKEN` (and
 * `HIGHLEVEL_LOCATION_ID`); switching the transport is passing another `HttpClient` layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const appLayer = <E, R>(
  httpClient: Layer.Layer<HttpClient.HttpClient, E, R>,
  options: MockOptions = {}
): Layer.Layer<
  Inbox.Inbox | ConversationsClient.ConversationsClient | CurrentBackend,
  E | ConfigError.ConfigError | MockHttpServer.ListenError,
  R
> =>
  Inbox.layer.pipe(
    Layer.provideMerge(ConversationsClient.layerConfig()),
    Layer.provide(httpClient),
    Layer.provideMerge(layer(options))
  )

/**
 * The reply the offline program sends to the first unread conversation.
 *
 * @since 0.1.0
 * @category constants
 */
export const replyText = "Thanks for your message: we are on it and will get back to you today."

/**
 * Options of {@link program}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProgramOptions {
  /** Where the readable result goes (the demo passes stdout). */
  readonly write: (text: string) => Effect.Effect<void>
  /** Export progress snapshots (the demo draws them on stderr when it is a terminal). */
  readonly onProgress?: ((progress: ExportMessages.Progress) => Effect.Effect<void>) | undefined
  /** Against the real API the export stops after this many conversations (default 10): a demo, not a backup. */
  readonly apiExportLimit?: number | undefined
}

/**
 * What {@link program} did, for tests and callers that want more than the text.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProgramResult {
  readonly backend: Backend["_tag"]
  readonly digest: Inbox.Digest
  readonly transcriptOf: string | undefined
  /** The reply the program sent (against the mock only), and the unread digest after it marked the conversation read. */
  readonly replied:
    | { readonly conversationId: string; readonly messageId: string; readonly digestAfter: Inbox.Digest }
    | undefined
  /** The export, in a temporary directory that is removed when the caller's scope closes. */
  readonly exportFile: string
  readonly summary: ExportMessages.Summary
}

// The reply to `conversationId`, the conversation marked read, its transcript and the unread digest after it.
const replyTo = (
  inbox: Inbox.Service,
  write: ProgramOptions["write"],
  locationId: string,
  conversationId: string
) =>
  Effect.gen(function*() {
    const sent = yield* inbox.reply(conversationId, replyText)
    yield* inbox.markRead(conversationId)
    yield* write(`Replied to ${conversationId} (message ${sent.messageId}) and marked it read.\n\n`)
    yield* write((yield* inbox.transcript(conversationId, { lastMessages: 3 })) + "\n")
    const digestAfter = yield* inbox.unreadDigest({ locationId, conversations: 3, messagesPerConversation: 3 })
    yield* write("\nThe unread digest now:\n" + Inbox.renderDigest(digestAfter) + "\n")
    const replied: ProgramResult["replied"] = { conversationId, messageId: sent.messageId, digestAfter }
    return replied
  })

// Every message of the location exported to a file in a temporary directory of the caller's scope, and checked
// against the mock's store when the backend is the mock.
const exportAll = (backend: Backend, locationId: string, options: ProgramOptions) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "highlevel-demo-" }).pipe(
      Effect.mapError((error) => new ExportMessages.ExportError({ reason: "FileSystem", detail: error.message }))
    )
    const exportFile = path.join(dir, "messages.ndjson")
    const limit = backend._tag === "Api" ? options.apiExportLimit ?? 10 : undefined
    const summary = yield* ExportMessages.run({
      filters: { locationId },
      output: exportFile,
      checkpoint: path.join(dir, "messages.checkpoint"),
      limit,
      onProgress: options.onProgress
    })
    yield* options.write(ExportMessages.renderSummary(summary) + "\n")
    yield* options.write("  (a temporary file: it is removed when the program ends)\n")
    if (limit !== undefined) {
      yield* options.write(`  (the first ${limit} conversations only: this is a demo against the real API)\n`)
    }
    if (backend._tag === "Mock") {
      const store = backend.mock.store
      const expected = store.conversationsOf(locationId).reduce(
        (sum, conversation) => sum + store.messagesOf(conversation.id).length,
        0
      )
      yield* options.write(
        summary.messages === expected
          ? `  ✓ ${expected} messages, the mock's whole store for the location, each exported once\n`
          : `  ✗ the mock holds ${expected} messages for the location but ${summary.messages} were exported\n`
      )
    }
    return { exportFile, summary }
  })

/**
 * The offline program: an unread digest, the transcript of the first conversation in it, (against the mock) a reply
 * to that conversation marked read, with its transcript and the digest after it, and an export of every message of
 * the location to a file under the OS temp directory, each printed through `options.write`. Read-only against the
 * real API.
 * The export's directory belongs to the caller's `Scope`: it is removed when that closes, whether the program
 * succeeded, failed or was interrupted, so no run leaves a `highlevel-demo-*` directory behind.
 *
 * @since 0.1.0
 * @category programs
 */
export const program = (options: ProgramOptions) =>
  Effect.gen(function*() {
    const backend = yield* CurrentBackend
    const inbox = yield* Inbox.Inbox
    const client = yield* ConversationsClient.ConversationsClient
    const started = yield* Clock.currentTimeMillis
    const section = (title: string) => options.write(`\n== ${title} ${"=".repeat(Math.max(0, 72 - title.length))}\n`)

    yield* options.write(
      backend._tag === "Mock"
        ? `Offline: the mock on ${backend.baseUrl} (seed ${backend.seed}, scenario "${backend.scenario}"), location ${backend.locationId}\n`
        : `Real API on ${backend.baseUrl}${
          backend.locationId !== undefined ? `, location ${backend.locationId}` : ""
        } (read-only)\n`
    )
    const locationId = backend.locationId
    if (locationId === undefined) {
      return yield* new ExportMessages.ExportError({
        reason: "InvalidOptions",
        detail: "set HIGHLEVEL_LOCATION_ID to the location to read"
      })
    }

    yield* section("Unread digest")
    const digest = yield* inbox.unreadDigest({ locationId, conversations: 3, messagesPerConversation: 3 })
    yield* options.write(Inbox.renderDigest(digest) + "\n")

    // The transcript of the first unread conversation, else of the most recent one.
    const transcriptOf = digest.entries[0]?.conversation.id ?? (yield* client.searchConversationsPage({
      locationId,
      sort: "desc",
      sortBy: "last_message_date",
      limit: 1
    })).conversations[0]?.id
    yield* section("Transcript")
    yield* options.write(
      (transcriptOf !== undefined
        ? yield* inbox.transcript(transcriptOf, { lastMessages: 8 })
        : "The location has no conversations.") + "\n"
    )

    // Against the mock only (the real API stays read-only): reply to the first unread conversation, mark it read,
    // and show the reply in its transcript and the digest without it.
    const first = digest.entries[0]?.conversation.id
    const replied = backend._tag === "Mock" && first !== undefined
      ? yield* section("Reply").pipe(Effect.zipRight(replyTo(inbox, options.write, locationId, first)))
      : undefined

    yield* section("Export")
    const { exportFile, summary } = yield* exportAll(backend, locationId, options)
    const finished = yield* Clock.currentTimeMillis
    yield* options.write(`\nDone in ${Duration.format(Duration.millis(finished - started))}.\n`)
    const result: ProgramResult = { backend: backend._tag, digest, transcriptOf, replied, exportFile, summary }
    return result
  })
