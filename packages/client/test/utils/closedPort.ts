/**
 * A port on 127.0.0.1 that nothing listens on: bound on port 0 (so the system picks a free one), then closed. A
 * connection to it is refused at once, where a fixed port (`:1`) may be filtered by the sandbox and only time out.
 */
import * as Effect from "effect/Effect"
import { createServer } from "node:net"

/** The port, once the server that held it has closed. */
export const closedPort: Effect.Effect<number> = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})
