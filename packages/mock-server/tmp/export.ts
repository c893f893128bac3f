import { HighLevelMock } from "../src/index.js"
const mock = HighLevelMock.make({ seed: 42, conversations: 10000, messages: 200000, rateLimit: false, journalLimit: 100 })
const loc = mock.locations[0]!
const hdr = { version: "2021-04-15", accept: "application/json", authorization: `Bearer ${loc.tokens.full}` }
let cursor: string | undefined
const samples: number[] = []
const c0 = process.cpuUsage()
for (let i = 0; i < 600; i++) {
  const t = performance.now()
  const res = await mock.fetch(new Request(`http://mock.local/conversations/messages/export?locationId=${loc.locationId}&limit=500` + (cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`), { headers: hdr }))
  const text = await res.text()
  samples.push(performance.now() - t)
  cursor = (JSON.parse(text) as { nextCursor?: string }).nextCursor
  if (i === 0) console.log("page bytes", text.length)
}
const cpu = process.cpuUsage(c0)
console.log(`cpu per page ${((cpu.user + cpu.system) / 600 / 1000).toFixed(2)} ms`)
samples.shift()
samples.sort((a, b) => a - b)
console.log(`export page 500 in-process: p50 ${samples[samples.length >> 1]!.toFixed(2)} ms, p99 ${samples[Math.floor(samples.length * 0.99)]!.toFixed(2)} ms (incl. client JSON.parse)`)
