/**
 * Running TypeScript entry points of this package in child processes (through tsx's loader) and talking to them
 * over IPC: the bench server runs in one, and each streaming run in a fresh one so heaps never mix.
 *
 * @since 0.1.0
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const tsxLoader = import.meta.resolve("tsx")

/**
 * Starts `node [nodeFlags] --import tsx <entry> <args>` for an entry point next to this file.
 *
 * @since 0.1.0
 * @category constructors
 */
export const spawnEntry = (
  entry: string,
  args: ReadonlyArray<string>,
  nodeFlags: ReadonlyArray<string> = []
): ChildProcess =>
  spawn(process.execPath, [
    ...nodeFlags,
    "--import",
    tsxLoader,
    fileURLToPath(new URL(entry, import.meta.url)),
    ...args
  ], {
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })

/**
 * The first IPC message of a child, failing if it exits before sending one or takes longer than `timeoutMs`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const firstMessage = (child: ChildProcess, timeoutMs: number): Promise<unknown> =>
  new Promise((resolve, reject) => {
    // Each listener removes the other, so a child asked many times (isolated-probe.ts) keeps none behind.
    const onMessage = (message: unknown) => {
      clearTimeout(timer)
      child.off("exit", onExit)
      resolve(message)
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer)
      child.off("message", onMessage)
      reject(new Error(`child ${child.pid ?? "?"} exited (${code ?? signal}) before reporting`))
    }
    const timer = setTimeout(() => {
      child.off("message", onMessage)
      child.off("exit", onExit)
      child.kill("SIGKILL")
      reject(new Error(`child ${child.pid ?? "?"} sent nothing within ${timeoutMs} ms`))
    }, timeoutMs)
    child.once("message", onMessage)
    child.once("exit", onExit)
  })

/**
 * Waits for a child to exit (killing it after `timeoutMs`).
 *
 * @since 0.1.0
 * @category combinators
 */
export const exited = (child: ChildProcess, timeoutMs = 10_000): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
  })

/**
 * The bench server in its own process: its URL and a way to stop it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const startServer = async (): Promise<{ readonly url: string; readonly stop: () => Promise<void> }> => {
  const child = spawnEntry("./server-main.ts", [])
  const message = await firstMessage(child, 30_000)
  if (typeof message !== "object" || message === null || !("url" in message) || typeof message.url !== "string") {
    child.kill("SIGKILL")
    throw new Error(`bench server sent an unexpected message: ${JSON.stringify(message)}`)
  }
  return {
    url: message.url,
    stop: async () => {
      child.disconnect()
      await exited(child)
    }
  }
}
