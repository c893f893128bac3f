/**
 * Starts the mock's CLI in another process (`node --import tsx packages/mock-server/src/bin.ts --port 0 …`), reads
 * the base URL and credentials it prints, and stops it when the scope closes. The child gets its own process group
 * so that stopping it stops everything it started, and nothing else.
 */
import * as Effect from "effect/Effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))
const bin = fileURLToPath(new URL("../../../mock-server/src/bin.ts", import.meta.url))

/** What the mock printed on startup. */
export interface Started {
  readonly baseUrl: string
  readonly token: string
  readonly locationId: string
}

const startupLimitMs = 30_000
const stopLimitMs = 5_000

/** The mock in a child process for the duration of the scope. */
export const spawnMock = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.async<{ readonly started: Started; readonly stop: () => Promise<void> }, Error>((resume) => {
      const child = spawn(process.execPath, ["--import", "tsx", bin, "--host", "127.0.0.1", "--port", "0", ...args], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true
      })
      let output = ""
      let done = false
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
      const signal = (name: NodeJS.Signals) => {
        if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
          try {
            process.kill(-child.pid, name)
          } catch {
            // Already gone.
          }
        }
      }
      const stop = async () => {
        signal("SIGTERM")
        const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), stopLimitMs).unref())
        if (await Promise.race([exited.then(() => "exited" as const), timer]) === "timeout") {
          signal("SIGKILL")
          await exited
        }
      }
      const finish = (
        result: Effect.Effect<{ readonly started: Started; readonly stop: () => Promise<void> }, Error>
      ) => {
        if (done) return
        done = true
        clearTimeout(timeout)
        resume(result)
      }
      const timeout = setTimeout(() => {
        void stop()
        finish(Effect.fail(new Error(`the mock did not print its URL within ${startupLimitMs} ms:\n${output}`)))
      }, startupLimitMs)
      const read = (chunk: Buffer) => {
        output += chunk.toString("utf8")
        const value = (name: string) => new RegExp(`^export ${name}=(\\S+)$`, "m").exec(output)?.[1]
        const baseUrl = value("HIGHLEVEL_BASE_URL")
        const token = value("HIGHLEVEL_TOKEN")
        const locationId = value("HIGHLEVEL_LOCATION_ID")
        if (baseUrl !== undefined && token !== undefined && locationId !== undefined) {
          finish(Effect.succeed({ started: { baseUrl, token, locationId }, stop }))
        }
      }
      child.stdout.on("data", read)
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8")
      })
      child.once("exit", (code, signalName) => {
        finish(Effect.fail(new Error(`the mock exited (${code ?? signalName}) before printing its URL:\n${output}`)))
      })
    }),
    ({ stop }) => Effect.promise(stop)
  ).pipe(Effect.map(({ started }) => started))
