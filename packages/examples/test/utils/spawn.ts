import * as Effect from "effect/Effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as path from "node:path"

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const packageDir = path.join(import.meta.dirname, "..", "..")

/**
 * Runs one of the package's programs in a child process (`node --import tsx src/<script>`), with the environment
 * stripped of every HIGHLEVEL_* variable plus `env`, and kills it after `timeoutMs`.
 */
export const runScript = (
  script: string,
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
  timeoutMs = 60_000,
  onSpawn: (child: ChildProcess) => void = () => {}
): Effect.Effect<Run> =>
  Effect.async<Run>((resume, signal) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("HIGHLEVEL_")))
    const child = spawn(process.execPath, ["--import", "tsx", path.join("src", script), ...args], {
      cwd: packageDir,
      env: { ...clean, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      signal
    })
    onSpawn(child)
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", () => {}) // an abort (test interrupted) also ends in "close"
    child.on("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
  })
