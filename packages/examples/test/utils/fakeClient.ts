import {
  Conversation,
  ConversationsClient,
  ConversationsError,
  Message,
  MessageResults
} from "@highlevel-effect/client"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

// An in-memory client for the pipeline's unit tests: deterministic data, no HTTP, optional per-message delay so a
// test can interrupt an export part-way.

const decodeMessage = Schema.decodeUnknownSync(Message.Message)
const decodeSummary = Schema.decodeUnknownSync(Conversation.ConversationSummary)

const types = ["TYPE_SMS", "TYPE_CALL", "TYPE_EMAIL"] as const

export const makeData = (conversations: number, messagesOf: (index: number) => number) => {
  const summaries: Array<Conversation.ConversationSummary> = []
  const messages = new Map<string, Array<Message.Message>>()
  for (let c = 0; c < conversations; c++) {
    const id = `conv${String(c).padStart(4, "0")}`
    summaries.push(decodeSummary({
      id,
      contactId: `contact${c}`,
      locationId: "loc1",
      type: "TYPE_PHONE",
      lastMessageDate: 1_700_000_000_000 + c * 60_000,
      sort: [1_700_000_000_000 + c * 60_000]
    }))
    const list: Array<Message.Message> = []
    const n = messagesOf(c)
    // Newest first, as the API sends them.
    for (let m = n - 1; m >= 0; m--) {
      const type = types[(c + m) % types.length] ?? "TYPE_SMS"
      list.push(decodeMessage({
        id: `${id}-m${String(m).padStart(4, "0")}`,
        type: type === "TYPE_CALL" ? 1 : type === "TYPE_EMAIL" ? 3 : 2,
        messageType: type,
        locationId: "loc1",
        contactId: `contact${c}`,
        conversationId: id,
        dateAdded: new Date(1_700_000_000_000 + c * 60_000 - (n - m) * 1000).toISOString(),
        direction: m % 2 === 0 ? "inbound" : "outbound",
        ...(type === "TYPE_CALL"
          ? { meta: { call: { duration: 30 + m, status: "completed" } } }
          : { body: `message ${m} of ${id} — “quoted” ünïcode` })
      }))
    }
    messages.set(id, list)
  }
  return { summaries, messages }
}

export type FakeData = ReturnType<typeof makeData>

const unsupported = () => Effect.die("not used by these tests")

/**
 * The location export of the data: sorted by `createdAt` (`dateAdded`, then id), without `channel` every type but
 * TYPE_EMAIL, with `channel: "Email"` only TYPE_EMAIL. The cursor is `at:<offset>`; any other cursor, or one past
 * the end, is refused with a 400 as HighLevel refuses a cursor it did not hand out.
 */
export const exportOrder = (data: FakeData, channel: string | undefined): Array<Message.Message> =>
  [...data.messages.values()].flat()
    .filter((message) => (channel === "Email") === (message.messageType === "TYPE_EMAIL"))
    .sort((a, b) => a.dateAdded.epochMillis - b.dateAdded.epochMillis || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

const exportPageOf = (
  data: FakeData,
  options: FakeOptions,
  params: {
    readonly limit?: number | undefined
    readonly cursor?: string | undefined
    readonly channel?: string | undefined
  }
) =>
  Effect.gen(function*() {
    options.onExportPage?.(params)
    const all = exportOrder(data, params.channel)
    const offset = params.cursor === undefined ? 0 : Number(/^at:(\d+)$/.exec(params.cursor)?.[1] ?? Number.NaN)
    if (Number.isNaN(offset) || offset > all.length) {
      return yield* new ConversationsError.InvalidRequestError({
        operation: "messages.exportPage",
        status: 400,
        messages: ["The cursor is invalid: pass the nextCursor of the previous page"]
      })
    }
    const size = Math.min(params.limit ?? 100, options.exportPageSize ?? 500)
    const messages = all.slice(offset, offset + size)
    if (options.delayPerMessage !== undefined) {
      yield* Effect.sleep(Duration.times(Duration.decode(options.delayPerMessage), messages.length))
    }
    const end = offset + messages.length
    return new MessageResults.ExportMessagesPage({
      messages,
      total: all.length,
      ...(end < all.length ? { nextCursor: `at:${end}` } : {})
    })
  })

export interface FakeOptions {
  readonly delayPerMessage?: Duration.DurationInput
  /** The export's largest page (a server capping `limit` below the 500 asked for): several pages per walk. */
  readonly exportPageSize?: number
  /** The search's second page fails with this error (the first page, of one conversation, is served). */
  readonly searchFailsAfterFirstPage?: ConversationsError.RequestError
  /** Sees each export page's parameters (the requests a test counts). */
  readonly onExportPage?: (
    params: { readonly cursor?: string | undefined; readonly channel?: string | undefined }
  ) => void
}

export const fakeClientLayer = (
  data: FakeData,
  options: FakeOptions = {}
): Layer.Layer<ConversationsClient.ConversationsClient> =>
  Layer.succeed(
    ConversationsClient.ConversationsClient,
    ConversationsClient.ConversationsClient.of({
      getConversation: unsupported,
      getMessagesPage: unsupported,
      searchConversationsPage: () =>
        Effect.succeed(
          new Conversation.SearchConversationsPage({
            conversations: data.summaries.slice(0, 1),
            total: data.summaries.length
          })
        ),
      searchConversations: () => Stream.fromIterable(data.summaries),
      searchConversationsPages: () =>
        options.searchFailsAfterFirstPage === undefined
          ? Stream.make(
            new Conversation.SearchConversationsPage({ conversations: data.summaries, total: data.summaries.length })
          )
          : Stream.concat(
            Stream.make(
              new Conversation.SearchConversationsPage({
                conversations: data.summaries.slice(0, 1),
                total: data.summaries.length
              })
            ),
            Stream.fail(options.searchFailsAfterFirstPage)
          ),
      listMessages: (conversationId) => {
        const stream = Stream.fromIterable(data.messages.get(conversationId) ?? []).pipe(Stream.rechunk(3))
        return options.delayPerMessage === undefined
          ? stream
          : Stream.tap(stream, () => Effect.sleep(Duration.decode(options.delayPerMessage ?? 0)))
      },
      listAllMessages: () => Stream.die("not used by these tests"),
      conversations: {
        get: unsupported,
        search: () => Stream.die("not used by these tests"),
        searchPage: unsupported,
        create: unsupported,
        update: unsupported,
        delete: unsupported
      },
      messages: {
        get: unsupported,
        list: () => Stream.die("not used by these tests"),
        listPage: unsupported,
        getEmail: unsupported,
        exportPage: (params = {}) => exportPageOf(data, options, params),
        export: () => Stream.die("not used by these tests"),
        send: unsupported,
        addInbound: unsupported,
        addOutbound: unsupported,
        reviewReply: unsupported,
        cancelScheduled: unsupported,
        cancelScheduledEmail: unsupported,
        updateStatus: unsupported,
        addAttachments: unsupported,
        recording: unsupported,
        transcription: unsupported,
        downloadTranscription: unsupported
      },
      uploads: {
        upload: unsupported,
        initiate: unsupported,
        putSigned: unsupported,
        complete: unsupported,
        uploadSigned: unsupported
      },
      liveChat: { typing: unsupported },
      preferences: {
        listCustomSubtypes: unsupported,
        createCustomSubtype: unsupported,
        updateCustomSubtype: unsupported,
        unsubscriptionStatus: unsupported,
        changeSubscription: unsupported
      },
      redact: (text) => text
    })
  )

/** Every message of the data as the NDJSON lines the export must write, in export order. */
export const expectedLines = (data: FakeData): Array<string> =>
  data.summaries.flatMap((summary) =>
    (data.messages.get(summary.id) ?? []).map((message) =>
      Schema.encodeSync(Schema.parseJson(Message.Message))(message)
    )
  )
