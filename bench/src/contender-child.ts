/**
 * One contender of `isolated-probe.ts` in a process of its own: it makes the batches the parent asks for (over IPC)
 * against the bench server and answers with their CPU time (this process only) and wall time.
 *
 *   started by isolated-probe.ts: contender-child.ts <contender> <baseUrl>
 *
 * @since 0.1.0
 */
import * as Clients from "./Clients.js"

const isContenderKey = (name: string | undefined): name is Clients.ContenderKey =>
  Clients.contenderKeys.some((key) => key === name)

const name = process.argv[2]
if (!isContenderKey(name)) throw new Error(`contender-child: unknown contender ${name ?? "(none)"}`)
const contender = Clients.contenderOf(name, process.argv[3] ?? "")

const isBatch = (u: unknown): u is { readonly kind: "get" | "page" | "send"; readonly n: number } =>
  typeof u === "object" && u !== null && "kind" in u && "n" in u && typeof u.n === "number" &&
  (u.kind === "get" || u.kind === "page" || u.kind === "send")

process.on("message", (message: unknown) => {
  if (!isBatch(message)) return
  const run = message.kind === "get" ? contender.get : message.kind === "send" ? contender.send : contender.page
  const startedCpu = process.cpuUsage()
  const startedWall = performance.now()
  run(message.n).then(
    () => {
      const cpu = process.cpuUsage(startedCpu)
      process.send?.({
        cpuUs: (cpu.user + cpu.system) / message.n,
        wallUs: ((performance.now() - startedWall) * 1000) / message.n
      })
    },
    (error: unknown) => {
      process.send?.({ error: String(error) })
    }
  )
})
// Disconnected by the parent: close the contender's connections and leave.
process.on("disconnect", () => {
  void contender.close().finally(() => process.exit(0))
})
process.send?.({ ready: true })
