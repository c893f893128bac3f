/**
 * The sync's source on the location export endpoint (`GET /conversations/messages/export`, 500 messages a page):
 * two walks, because without `channel` the endpoint leaves emails out: `messages` (every other type) and `emails`
 * (`channel=Email`), each with a watermark of its own.
 *
 * - First run (no watermark): sorted by `updatedAt` ascending, so each page completes a watermark (its last
 *   message's `updatedAt`) and is committed with it: a killed full run continues from its last page.
 * - Later runs: sorted by `updatedAt` descending, page by page until a page reaches past the watermark minus the
 *   overlap; the watermark (the newest change seen) is committed once the walk is done. Not `startDate`: it filters
 *   on the creation date, which would miss an old message that changed.
 *
 * @since 0.1.0
 */
import { ConversationsClient, ConversationsError } from "@highlevel-effect/client"
import type { MessageResults } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Rows from "./Rows.js"
import { type MessagePage, roster, type Source } from "./Source.js"

const pageSize = 500

/**
 * The endpoint source of a location.
 *
 * @since 0.1.0
 * @category constructors
 */
export const source = (locationId: string): Effect.Effect<Source, never, ConversationsClient.ConversationsClient> =>
  Effect.map(ConversationsClient.ConversationsClient, (client): Source => {
    const pages = (walk: "messages" | "emails", order: "asc" | "desc") =>
      Stream.paginateEffect(undefined as string | undefined, (cursor) =>
        client.messages.exportPage({
          locationId,
          limit: pageSize,
          sortBy: "updatedAt",
          sortOrder: order,
          ...(walk === "emails" ? { channel: "Email" as const } : {}),
          ...(cursor !== undefined ? { cursor } : {})
        }).pipe(
          Effect.flatMap((page): Effect.Effect<
            readonly [MessageResults.ExportMessagesPage, Option.Option<string>],
            ConversationsError.PaginationStalled
          > => {
            const next = page.nextCursor ?? undefined
            return next !== undefined && next === cursor
              ? Effect.fail(new ConversationsError.PaginationStalled({ operation: "messages.export", cursor: next }))
              : Effect.succeed([page, Option.fromNullable(next)] as const)
          })
        ))
    return {
      strategy: "endpoint",
      walks: ["messages", "emails"],
      conversations: roster(client, locationId),
      messages: (walk, since) => {
        if (since === undefined) {
          return pages(walk, "asc").pipe(
            Stream.map((page): MessagePage => {
              const last = page.messages.at(-1)
              return {
                messages: page.messages,
                watermark: last !== undefined ? Rows.updatedAt(last) : undefined,
                total: page.total ?? undefined
              }
            })
          )
        }
        let newest: number | undefined
        const changed = pages(walk, "desc").pipe(
          Stream.takeUntil((page) => {
            const last = page.messages.at(-1)
            return last === undefined || Rows.updatedAt(last) < since
          }),
          Stream.map((page): MessagePage => {
            const messages = page.messages.filter((message) => Rows.updatedAt(message) >= since)
            for (const message of messages) newest = Math.max(newest ?? since, Rows.updatedAt(message))
            return { messages, watermark: undefined, total: undefined }
          })
        )
        return Stream.concat(
          changed,
          Stream.sync((): MessagePage => ({ messages: [], watermark: newest, total: undefined }))
        )
      }
    }
  })
