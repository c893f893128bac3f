/**
 * The standalone command: spawns `src/bin.ts` under tsx on port 0, reads the printed exports, calls the server with
 * them, then stops it with SIGTERM. Every wait is bounded.
 */
import { describe, expect, it } from "@effect/vitest"
import { type ChildProcess, spawn } from "node:child_process"
import * as Path from "node:path"
import { HELP, parse } from "../src/internal/cli.js"

const root = Path.join(import.meta.dirname, "..")

const run = (args: ReadonlyArray<string>): ChildProcess =>
  spawn(process.execPath, ["--import", "tsx", "src/bin.ts", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] })

const exitOf = (child: ChildProcess, ms: number) =>
  new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`no exit within ${ms} ms`))
    }, ms)
    child.once("exit", (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })

const outputUntil = (child: ChildProcess, pattern: RegExp, ms: number) =>
  new Promise<string>((resolve, reject) => {
    let out = ""
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${out}`)), ms)
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (pattern.test(out)) {
        clearTimeout(timer)
        resolve(out)
      }
    })
  })

describe("bin.ts", () => {
  it("prints pasteable exports, serves on them, and stops cleanly on SIGTERM", async () => {
    const child = run(["--port", "0", "--seed", "5", "--scenario", "empty"])
    const exited = exitOf(child, 20_000)
    try {
      const out = await outputUntil(child, /HIGHLEVEL_WEBHOOK_PUBLIC_KEY=\S+\n/, 15_000)
      const vars = Object.fromEntries([...out.matchAll(/^export (HIGHLEVEL_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]))
      expect(Object.keys(vars)).toEqual([
        "HIGHLEVEL_BASE_URL",
        "HIGHLEVEL_TOKEN",
        "HIGHLEVEL_LOCATION_ID",
        "HIGHLEVEL_WEBHOOK_PUBLIC_KEY"
      ])
      // One line of base64 DER SPKI: an Ed25519 key is 44 bytes, 60 characters.
      expect(vars.HIGHLEVEL_WEBHOOK_PUBLIC_KEY).toMatch(/^[A-Za-z0-9+/]{59}=$/)
      expect(vars.HIGHLEVEL_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      for (const line of out.trim().split("\n")) expect(line).toMatch(/^(#|export HIGHLEVEL_\w+=\S+$)/)
      const res = await fetch(
        `${vars.HIGHLEVEL_BASE_URL}/conversations/search?locationId=${vars.HIGHLEVEL_LOCATION_ID}`,
        { headers: { Authorization: `Bearer ${vars.HIGHLEVEL_TOKEN}`, Version: "2021-04-15" } }
      )
      expect(await res.json()).toMatchObject({ conversations: [], total: 0 })
    } finally {
      child.kill("SIGTERM")
    }
    expect(await exited).toBe(0)
  })
})

describe("argument parsing", () => {
  it("--webhook-url is repeatable and must be an http(s) URL; --webhook-time-scale a positive number", () => {
    const parsed = parse(["--webhook-url", "http://127.0.0.1:8080/hooks", "--webhook-url=https://example.test/h"])
    expect(parsed._tag === "run" && parsed.mock.webhooks).toEqual({
      urls: ["http://127.0.0.1:8080/hooks", "https://example.test/h"]
    })
    const scaled = parse(["--webhook-time-scale", "0.001"])
    expect(scaled._tag === "run" && scaled.mock.webhooks).toEqual({ urls: [], timeScale: 0.001 })
    expect(parse(["--webhook-url", "ftp://x"])).toMatchObject({ _tag: "error", message: /--webhook-url/ })
    expect(parse(["--webhook-url", "not a url"])).toMatchObject({ _tag: "error", message: /--webhook-url/ })
    expect(parse(["--webhook-time-scale", "0"])).toMatchObject({ _tag: "error", message: /--webhook-time-scale/ })
  })

  it("defaults: port 4010 on 127.0.0.1, seed 42, scenario default, rate limit on", () => {
    expect(parse([])).toEqual({
      _tag: "run",
      mock: { seed: 42, scenario: "default", rateLimit: {}, messagesShape: "wrapped" },
      listen: { port: 4010, host: "127.0.0.1", maxBodyBytes: 1_048_576 }
    })
  })

  it("every option", () => {
    const argv = [
      "--port=0",
      "--host",
      "::1",
      "--seed",
      "7",
      "--scenario",
      "ties",
      "--conversations",
      "10",
      "--messages",
      "50",
      "--messages-per-conversation",
      "2.5",
      "--no-rate-limit",
      "--flat-messages",
      "--max-body-bytes",
      "10"
    ]
    expect(parse(argv)).toEqual({
      _tag: "run",
      mock: {
        seed: 7,
        scenario: "ties",
        conversations: 10,
        messages: 50,
        messagesPerConversation: 2.5,
        rateLimit: false,
        messagesShape: "flat"
      },
      listen: { port: 0, host: "::1", maxBodyBytes: 10 }
    })
    expect(parse(["-h"])).toEqual({ _tag: "help" })
    expect(parse(["--rate-limit-window", "sliding", "--rate-limit", "25", "--rate-limit-interval-ms=10000"]))
      .toMatchObject({
        mock: { rateLimit: { window: "sliding", burst: 25, intervalMs: 10_000 } }
      })
    expect(HELP).toContain("long-conversation: the primary location has 1 conversation")
  })

  it.each(
    [
      [["--scenario", "nope"], "--scenario must be one of default, empty, long-conversation, ties, many-locations"],
      [["--port", "http"], "--port must be a non-negative integer"],
      [["--port", "70000"], "--port must be at most 65535"],
      [["--seed=-1"], "--seed must be a non-negative integer"],
      [["--conversations", ""], "--conversations must be a non-negative integer"],
      [["--messages-per-conversation", "x"], "--messages-per-conversation must be a non-negative number"],
      [["--rate-limit-window", "leaky"], "--rate-limit-window must be fixed or sliding"],
      [["--rate-limit", "0"], "--rate-limit and --rate-limit-interval-ms must be positive"],
      [["--rate-limit-interval-ms=-5"], "--rate-limit-interval-ms must be a non-negative integer"],
      [["--verbose"], "Unknown option '--verbose'"],
      [["extra"], "Unexpected argument 'extra'"]
    ] as const
  )("rejects %j", (argv, message) => {
    const parsed = parse(argv)
    expect(parsed._tag).toBe("error")
    expect(parsed._tag === "error" ? parsed.message : "").toContain(message)
  })
})
