/**
 * Where the NDJSON goes: a file, truncated to what the checkpoint committed, or standard output. A sink writes bytes
 * and syncs them; the pipeline decides when (see `Pipeline`).
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type { Resumed } from "./Checkpoint.js"
import { ExportError, fileSystemError } from "./Model.js"

/**
 * An open output.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sink {
  readonly write: (bytes: Uint8Array) => Effect.Effect<void, ExportError>
  /** Makes what was written durable (a no-op for standard output, which cannot be resumed anyway). */
  readonly sync: Effect.Effect<void, ExportError>
}

/**
 * Standard output through Node's own stream, honouring its backpressure; a closed pipe (`| head`) fails the export.
 *
 * @since 0.1.0
 * @category constructors
 */
export const stdout: Effect.Effect<Sink, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => {
    // Without a listener an EPIPE would be thrown as an uncaught exception instead of failing the write below.
    const ignore = () => {}
    process.stdout.on("error", ignore)
    return ignore
  }),
  (ignore) => Effect.sync(() => process.stdout.off("error", ignore))
).pipe(Effect.as<Sink>({
  write: (bytes) =>
    Effect.async<void, ExportError>((resume) => {
      process.stdout.write(bytes, (error) =>
        resume(
          error === null || error === undefined
            ? Effect.void
            : Effect.fail(new ExportError({ reason: "FileSystem", detail: `cannot write to stdout: ${error.message}` }))
        ))
    }),
  sync: Effect.void
}))

// A resumed output must hold at least what the checkpoint committed; shorter means someone changed it.
const checkLength = (output: string, committed: number) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.stat(output)).pipe(
    Effect.map((info) => Number(info.size)),
    Effect.orElseSucceed(() => -1),
    Effect.flatMap((size) =>
      committed > 0 && size < committed
        ? new ExportError({
          reason: "OutputMismatch",
          detail: `output ${output} is ${
            size < 0 ? "missing" : `${size} bytes`
          } but the checkpoint committed ${committed} bytes: it was changed after the checkpoint; start over`
        })
        : Effect.void
    )
  )

/**
 * A file: a new export overwrites it, a resumed one keeps the committed bytes and cuts what follows (a half-appended
 * conversation). Closed with the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const file = (
  output: string,
  resumed: Option.Option<Resumed>
): Effect.Effect<Sink, ExportError, FileSystem.FileSystem | Scope.Scope> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const committed = Option.match(resumed, { onNone: () => 0, onSome: (r) => r.bytes })
    if (Option.isSome(resumed)) yield* checkLength(output, committed)
    const handle = yield* fs.open(output, { flag: Option.isSome(resumed) ? "a" : "w" }).pipe(
      Effect.mapError(fileSystemError)
    )
    yield* handle.truncate(committed).pipe(Effect.mapError(fileSystemError))
    const sink: Sink = {
      // `writeAll` treats 0 bytes as an error.
      write: (chunk) => chunk.byteLength === 0 ? Effect.void : Effect.mapError(handle.writeAll(chunk), fileSystemError),
      sync: Effect.mapError(handle.sync, fileSystemError)
    }
    return sink
  })
