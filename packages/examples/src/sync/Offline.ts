/**
 * The sync against local stand-ins, as its tests and its benchmark run it: the client (with the sync's request
 * counter) pointed at a mock served over HTTP, and a Postgres (PGlite served over its socket to the `pg` driver) on
 * 127.0.0.1 port 0. The SQLite side needs nothing: a file path is a database.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { ConversationsClient } from "@highlevel-effect/client"
import type { MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as OfflineDev from "../OfflineDev.js"
import * as Requests from "./Requests.js"

/**
 * The client pointed at a served mock, with the request counter, as the sync command composes them. `rateLimit:
 * false` turns the client's pacing off.
 *
 * @since 0.1.0
 * @category layers
 */
export const clientLayer = (server: MockHttpServer.RunningServer, options: { readonly rateLimit: boolean }) =>
  ConversationsClient.layerConfig().pipe(
    Layer.provideMerge(Requests.layer),
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provide(Layer.setConfigProvider(OfflineDev.mockConfigProvider({
      baseUrl: server.url,
      ...server.mock.credentials,
      rateLimit: options.rateLimit
    })))
  )

/**
 * A fresh, empty Postgres for the scope: PGlite in memory, served on 127.0.0.1 port 0; its `--db` URL.
 *
 * @since 0.1.0
 * @category constructors
 */
export const pgliteDatabase = Effect.acquireRelease(
  Effect.promise(async () => {
    const db = await PGlite.create()
    // PGlite is one connection; the socket server multiplexes the pool's connections onto it. Its default of one
    // connection would leave the pool's second connection waiting forever.
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 })
    await server.start()
    return { db, server }
  }),
  ({ db, server }) =>
    Effect.promise(async () => {
      await server.stop()
      await db.close()
    })
).pipe(Effect.map(({ server }) => `postgres://postgres@${server.getServerConn()}/postgres`))
