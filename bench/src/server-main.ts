/**
 * Runs the bench server in its own process, so its work never shares an event loop or a heap with the client being
 * measured. It reports its URL over IPC and exits when the parent disconnects.
 *
 * @since 0.1.0
 */
import * as BenchServer from "./BenchServer.js"

const running = await BenchServer.listen()
process.send?.({ url: running.url })
process.on("disconnect", () => {
  void running.close().then(() => process.exit(0))
})
