/**
 * Uploaded files, kept in memory under caps (bytes per file, files per request, bytes per location), and the
 * signed-URL uploads in flight (initiated, bytes received, completed). Files are served back at the URLs the
 * upload routes return. `reset` forgets everything and restarts the id counter, so ids repeat run after run.
 *
 * @since 0.1.0
 * @internal
 */
import * as Prng from "../prng.js"

/** The caps; see `HighLevelMock.UploadLimits` for what each one means. @internal */
export interface Limits {
  readonly maxFileBytes: number
  readonly maxWhatsAppFileBytes: number
  readonly maxFilesPerRequest: number
  readonly maxBytesPerLocation: number
}

/** HighLevel's figures where it publishes one (5 MB, 100 MB for WhatsApp), the mock's own otherwise. @internal */
export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxWhatsAppFileBytes: 100 * 1024 * 1024,
  maxFilesPerRequest: 10,
  maxBytesPerLocation: 25 * 1024 * 1024
}

/** @internal */
export interface StoredFile {
  readonly id: string
  readonly locationId: string
  readonly conversationId: string
  readonly filename: string
  readonly contentType: string
  readonly bytes: Uint8Array
  /** Epoch ms. */
  readonly dateAdded: number
}

/** A signed-URL upload from `initiate` until `complete`. @internal */
interface PendingUpload {
  readonly uploadId: string
  readonly signature: string
  readonly locationId: string
  readonly conversationId: string
  readonly filename: string
  readonly contentType: string
  readonly filePath: string
  readonly maxFileSize: number
  /** Epoch ms: the signed URL answers 400 `ExpiredToken` after it. */
  readonly expiresAt: number
  /** What the PUT sent, until then undefined. */
  readonly received: Uint8Array | undefined
  /** The file `complete` made, so a repeated `complete` answers the same. */
  readonly completed: StoredFile | undefined
}

/** What `initiate` records. @internal */
type NewUpload = Pick<
  PendingUpload,
  "locationId" | "conversationId" | "filename" | "contentType" | "maxFileSize" | "expiresAt"
>

/** @internal */
export interface FileStore {
  readonly limits: Limits
  /** Bytes the location holds: stored files plus signed uploads received but not completed. */
  readonly usedBytes: (locationId: string) => number
  readonly put: (
    file: Pick<StoredFile, "locationId" | "conversationId" | "filename" | "contentType" | "bytes" | "dateAdded">
  ) => StoredFile
  readonly file: (id: string) => StoredFile | undefined
  readonly initiate: (upload: NewUpload) => PendingUpload
  readonly pending: (uploadId: string) => PendingUpload | undefined
  /** Records the PUT's bytes (a second PUT replaces them, as a storage bucket does). */
  readonly receive: (uploadId: string, bytes: Uint8Array) => void
  /** Stores the received bytes as a file (once; later calls return the same file). */
  readonly complete: (uploadId: string, now: number) => StoredFile | undefined
  readonly reset: () => void
}

const hex = (n: number) => n.toString(16).padStart(8, "0")

/** @internal */
export const makeFileStore = (limits: Limits, seed: () => number): FileStore => {
  let files = new Map<string, StoredFile>()
  let uploads = new Map<string, PendingUpload>()
  let used = new Map<string, number>()
  let counter = 0

  const add = (locationId: string, delta: number) => used.set(locationId, (used.get(locationId) ?? 0) + delta)
  // Ids depend only on the seed and how many came before: a run repeats byte for byte.
  const nextId = () => Prng.id(Prng.make(seed() ^ 0xf11e, counter++))
  const uuid = () => {
    const n = counter++
    const h = [0, 1, 2, 3].map((i) => hex(Prng.hash2(seed() ^ 0x0f1d, n * 4 + i)))
    const [a = "", b = "", c = "", d = ""] = h
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`
  }

  const put: FileStore["put"] = (input) => {
    const file: StoredFile = { ...input, id: nextId() }
    files.set(file.id, file)
    add(file.locationId, file.bytes.byteLength)
    return file
  }

  return {
    limits,
    usedBytes: (locationId) => used.get(locationId) ?? 0,
    put,
    file: (id) => files.get(id),
    initiate: (upload) => {
      const uploadId = uuid()
      const extension = /\.([A-Za-z0-9]+)$/.exec(upload.filename)?.[1]?.toLowerCase()
      const pending: PendingUpload = {
        ...upload,
        uploadId,
        signature: [0, 1, 2, 3].map((i) => hex(Prng.hash2(seed() ^ 0x5167, counter * 4 + i))).join(""),
        filePath: `location/${upload.locationId}/conversations/${upload.conversationId}/${uploadId}${
          extension === undefined ? "" : `.${extension}`
        }`,
        received: undefined,
        completed: undefined
      }
      uploads.set(uploadId, pending)
      return pending
    },
    pending: (uploadId) => uploads.get(uploadId),
    receive: (uploadId, bytes) => {
      const current = uploads.get(uploadId)
      if (current === undefined || current.completed !== undefined) return
      add(current.locationId, bytes.byteLength - (current.received?.byteLength ?? 0))
      uploads.set(uploadId, { ...current, received: bytes })
    },
    complete: (uploadId, now) => {
      const current = uploads.get(uploadId)
      if (current === undefined || current.received === undefined) return undefined
      if (current.completed !== undefined) return current.completed
      // The received bytes move from the upload to the file: counted once.
      add(current.locationId, -current.received.byteLength)
      const file = put({
        locationId: current.locationId,
        conversationId: current.conversationId,
        filename: current.filename,
        contentType: current.contentType,
        bytes: current.received,
        dateAdded: now
      })
      uploads.set(uploadId, { ...current, completed: file })
      return file
    },
    reset: () => {
      files = new Map()
      uploads = new Map()
      used = new Map()
      counter = 0
    }
  }
}
