/**
 * The rules of the paginated listings, as pure functions: given a page and the cursor that fetched it, what comes
 * next. The streams in internal/client.ts only fetch pages and follow these answers.
 *
 * @since 0.1.0
 * @internal
 */
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"

/**
 * What follows a page: another page at `cursor`, nothing (this was the last page), a stall (the server sent the
 * cursor that fetched this page again: following it would loop forever), or no cursor at all (the page says more may
 * follow but gives nothing to continue from). The page itself is good in every case: the listing emits it first.
 *
 * @internal
 */
export type Next = Data.TaggedEnum<{
  More: { readonly cursor: string }
  Last: {}
  Stalled: { readonly cursor: string }
  NoCursor: {}
}>

/**
 * Constructors and `$match` of {@link Next}.
 *
 * @internal
 */
export const Next = Data.taggedEnum<Next>()

/**
 * What the messages rule reads of a page (a `MessagesPage`).
 *
 * @internal
 */
interface MessagesPageLike {
  readonly lastMessageId?: string | undefined
  readonly nextPage: boolean
  readonly messages: ReadonlyArray<{ readonly id: string }>
}

/**
 * The messages listing (`lastMessageId` is an exclusive cursor, newest first):
 * - the cursor is `lastMessageId`; a missing or empty one falls back to the id of the page's last message;
 * - `nextPage` is authoritative: a server that caps `limit` below what we asked sends short pages that are not the
 *   last, so only `nextPage: false` or an empty page ends the listing (an empty page even when `nextPage` claims more);
 * - a next cursor equal to the one that fetched the page is a stall.
 *
 * @internal
 */
export const afterMessagesPage = (page: MessagesPageLike, cursor: string | undefined): Next => {
  const next = page.lastMessageId !== undefined && page.lastMessageId !== ""
    ? page.lastMessageId
    : page.messages.at(-1)?.id
  if (!page.nextPage || page.messages.length === 0 || next === undefined) return Next.Last()
  return next === cursor ? Next.Stalled({ cursor: next }) : Next.More({ cursor: next })
}

/**
 * What the search rule reads of a search document (a `ConversationSummary`).
 *
 * @internal
 */
interface SearchDocumentLike {
  readonly sort?: ReadonlyArray<number | string> | undefined
  readonly lastMessageDate?: DateTime.Utc | undefined
}

/**
 * The keyset cursor of a search document: `sort[0]`, else its `lastMessageDate` in epoch ms.
 *
 * @internal
 */
export const searchCursorOf = (document: SearchDocumentLike): string | undefined => {
  const sortValue = document.sort?.[0]
  if (sortValue !== undefined) return String(sortValue)
  return document.lastMessageDate !== undefined ? String(DateTime.toEpochMillis(document.lastMessageDate)) : undefined
}

/**
 * How far a search listing has got: rows seen so far (this page included) against the `total` the page reports.
 *
 * @internal
 */
interface SearchProgress {
  readonly seen: number
  readonly total: number
}

/**
 * The search listing (keyset: `startAfterDate` = the last document's cursor). It has no "next page" flag:
 * - once the rows seen reach the page's `total` (every match, not the page), the listing is complete: no request for
 *   the empty page that would follow when the total is a multiple of the page size;
 * - a page shorter than `limit` (an empty one included) is the last;
 * - a full page continues at its last document's cursor ({@link searchCursorOf});
 * - a full page whose last document carries the cursor that fetched the page is a stall;
 * - a full page whose last document carries no cursor (neither `sort` nor `lastMessageDate`) has nothing to continue
 *   from: `NoCursor`, also for an empty page that is not short (a `limit` of 0, which the client refuses to send).
 *
 * @internal
 */
export const afterSearchPage = (
  documents: ReadonlyArray<SearchDocumentLike>,
  limit: number,
  cursor: string | undefined,
  progress?: SearchProgress
): Next => {
  if (documents.length < limit) return Next.Last()
  if (progress !== undefined && progress.seen >= progress.total) return Next.Last()
  const last = documents.at(-1)
  const next = last === undefined ? undefined : searchCursorOf(last)
  if (next === undefined) return Next.NoCursor()
  return next === cursor ? Next.Stalled({ cursor: next }) : Next.More({ cursor: next })
}

/**
 * The location export (opaque cursor `nextCursor`):
 * - an absent, `null` or empty `nextCursor` ends the export, and so does an empty page (a server that keeps handing
 *   cursors with no rows would otherwise be followed forever);
 * - a `nextCursor` equal to the one that fetched the page is a stall.
 *
 * @internal
 */
export const afterExportPage = (
  page: { readonly nextCursor?: string | undefined; readonly messages: ReadonlyArray<unknown> },
  cursor: string | undefined
): Next => {
  const next = page.nextCursor
  if (next === undefined || next === "" || page.messages.length === 0) return Next.Last()
  return next === cursor ? Next.Stalled({ cursor: next }) : Next.More({ cursor: next })
}
