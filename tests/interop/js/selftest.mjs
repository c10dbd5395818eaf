// Self-test: two peer.mjs processes talk to each other over each muxer.
// Exits 0 when every check passes, 1 on the first failure, 1 after --timeout-ms (default 180 s),
// killing its children by pid on the way out.
// Usage: node selftest.mjs [--bytes N] [--runs R] [--warmup W] [--timeout-ms T] [--muxer yamux|mplex] [--perf-chunk BYTES]
// Perf figures are taken after W unreported warm-up runs: V8 needs several runs of the
// noise/muxer hot paths before it reaches steady speed (the first run is 3-5x slower).
import './lib/polyfill.mjs'
import { strict as assert } from 'node:assert'
import { PeerProcess } from './lib/peer-process.mjs'

const PERF_TIMEOUT_MS = 60_000

const settings = parseSelftestArgs(process.argv.slice(2))
/** @type {Set<PeerProcess>} */
const children = new Set()

const watchdog = setTimeout(() => {
  console.error(`selftest: FAILED, still running after ${settings.timeoutMs} ms; killing children`)
  killAll()
  process.exit(1)
}, settings.timeoutMs)

function parseSelftestArgs (argv) {
  const s = { bytes: 20_000_000, runs: 5, warmup: 8, timeoutMs: 180_000, muxers: ['yamux', 'mplex'], peerArgs: [] }
  for (let i = 0; i < argv.length; i += 2) {
    const v = argv[i + 1]
    if (argv[i] === '--bytes') s.bytes = Number(v)
    else if (argv[i] === '--runs') s.runs = Number(v)
    else if (argv[i] === '--warmup') s.warmup = Number(v)
    else if (argv[i] === '--timeout-ms') s.timeoutMs = Number(v)
    else if (argv[i] === '--muxer') s.muxers = [v]
    else if (argv[i] === '--perf-chunk') s.peerArgs.push('--perf-chunk', v)
    else throw new Error(`unknown option ${argv[i]}`)
  }
  return s
}

function spawnPeer (name, args) {
  const p = new PeerProcess(name, args)
  children.add(p)
  p.exited.then(() => children.delete(p))
  return p
}

function killAll () {
  for (const p of children) {
    p.kill()
  }
}

function step (msg) {
  console.log(`  - ${msg}`)
}

function median (xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function checkControlErrors (p) {
  p.writeLine('this is not json')
  const bad = await p.waitFor(m => m.type === 'error' && /malformed/.test(m.error))
  assert.equal(typeof bad.error, 'string')
  p.writeLine(JSON.stringify({ type: 'no-such-command', id: 'x1' }))
  const unknown = await p.waitFor(m => m.type === 'error' && m.id === 'x1')
  assert.match(unknown.error, /unknown command/)
  const missing = await p.request({ type: 'ping' })
  assert.equal(missing.ok, false)
  step('malformed line, unknown command and bad arguments are reported, not fatal')
}

async function connectAndIdentify (a, b, agentA, readyA, readyB) {
  const conn = await b.call({ type: 'connect', addr: readyA.addrs[0] })
  assert.equal(conn.peer, readyA.peerId)
  const inbound = await a.waitFor(m => m.type === 'peer_connected' && m.peer === readyB.peerId)
  assert.equal(inbound.direction, 'inbound')
  const outbound = await b.waitFor(m => m.type === 'peer_connected' && m.peer === readyA.peerId)
  assert.equal(outbound.direction, 'outbound')
  const peersA = await a.call({ type: 'peers' })
  assert.ok(peersA.peers.some(x => x.peer === readyB.peerId && x.direction === 'inbound'))
  step('connect: events and peers agree on both sides')

  const pingBA = await b.call({ type: 'ping', peer: readyA.peerId })
  const pingAB = await a.call({ type: 'ping', peer: readyB.peerId })
  assert.ok(pingBA.rttMs >= 0 && pingAB.rttMs >= 0)
  step(`ping: b->a ${pingBA.rttMs} ms, a->b ${pingAB.rttMs} ms`)

  const id = await b.call({ type: 'identify', peer: readyA.peerId })
  for (const proto of ['/ipfs/id/1.0.0', '/ipfs/ping/1.0.0', '/perf/1.0.0']) {
    assert.ok(id.protocols.includes(proto), `identify protocols lack ${proto}: ${id.protocols}`)
  }
  assert.equal(id.agentVersion, agentA)
  assert.equal(typeof id.protocolVersion, 'string')
  assert.ok(id.listenAddrs.length > 0)
  assert.match(id.observedAddr, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+/)
  step(`identify: agent "${id.agentVersion}", ${id.protocols.length} protocols, observed ${id.observedAddr}`)

  const back = await a.call({ type: 'identify', peer: readyB.peerId })
  assert.ok(back.protocols.includes('/perf/1.0.0'))
  assert.match(back.agentVersion, /^js-libp2p\//)
  const byAddr = await b.call({ type: 'ping', peer: readyA.addrs[0] })
  assert.ok(byAddr.rttMs >= 0)
  const peersB = await b.call({ type: 'peers' })
  assert.equal(peersB.peers.length, 1, 'pinging by multiaddr must reuse the open connection')
  step('identify over the inbound side and ping by multiaddr (reusing the connection) work')
}

async function perfRuns (b, peerA) {
  const n = settings.bytes
  const up = []
  const down = []
  for (let i = 0; i < settings.warmup; i++) {
    const r = await b.call({ type: 'perf', peer: peerA, uploadBytes: n, downloadBytes: n }, PERF_TIMEOUT_MS)
    assert.equal(r.downloadBytes, n)
  }
  step(`perf: ${settings.warmup} warm-up runs done`)
  for (let i = 0; i < settings.runs; i++) {
    const r = await b.call({ type: 'perf', peer: peerA, uploadBytes: n, downloadBytes: n }, PERF_TIMEOUT_MS)
    assert.equal(r.uploadBytes, n)
    assert.equal(r.downloadBytes, n)
    assert.ok(r.uploadMBps > 0 && r.downloadMBps > 0 && r.seconds > 0)
    up.push(r.uploadMBps)
    down.push(r.downloadMBps)
    step(`perf run ${i + 1}: ${n} B up ${r.uploadMBps} MB/s, ${n} B down ${r.downloadMBps} MB/s, ${r.seconds.toFixed(3)} s`)
  }
  const uploadOnly = await b.call({ type: 'perf', peer: peerA, uploadBytes: n, downloadBytes: 0 }, PERF_TIMEOUT_MS)
  const downloadOnly = await b.call({ type: 'perf', peer: peerA, uploadBytes: 0, downloadBytes: n }, PERF_TIMEOUT_MS)
  assert.equal(uploadOnly.downloadBytes, 0)
  assert.equal(downloadOnly.downloadBytes, n)
  step(`perf upload-only ${uploadOnly.uploadMBps} MB/s, download-only ${downloadOnly.downloadMBps} MB/s`)
  await perfEdgeCases(b, peerA)
  return { up: median(up), down: median(down), upOnly: uploadOnly.uploadMBps, downOnly: downloadOnly.downloadMBps }
}

async function perfEdgeCases (b, peerA) {
  const parallel = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(i =>
    b.call({ type: 'perf', peer: peerA, uploadBytes: 1_000_003 * i, downloadBytes: 999_999 * i }, PERF_TIMEOUT_MS)))
  parallel.forEach((r, i) => {
    assert.equal(r.uploadBytes, 1_000_003 * i)
    assert.equal(r.downloadBytes, 999_999 * i)
  })
  step('perf: 8 concurrent streams of different sizes (including 0 and 0) all complete exactly')
  const aborted = await b.request({ type: 'perf', peer: peerA, uploadBytes: 2 ** 40, downloadBytes: 0, timeoutMs: 200 })
  assert.equal(aborted.ok, false)
  assert.match(aborted.error, /abort/)
  const after = await b.call({ type: 'ping', peer: peerA })
  assert.ok(after.rttMs >= 0)
  step('perf: a run cut off by timeoutMs fails cleanly and the connection still answers ping')
  for (let i = 0; i < 30; i++) {
    // Cut off mid-negotiation or just after, then a ping: late CLOSE / reply messages for
    // reset streams must not make either side drop the connection (js mplex does by
    // default once it sees more than 5 a second).
    const r = await b.request({ type: 'perf', peer: peerA, uploadBytes: 2 ** 40, downloadBytes: 0, timeoutMs: 1 + (i % 3) })
    assert.equal(r.ok, false)
    await b.call({ type: 'ping', peer: peerA })
  }
  const stillOne = await b.call({ type: 'peers' })
  assert.equal(stillOne.peers.length, 1)
  step('perf: 30 runs reset within 1-3 ms, each followed by a ping, leave the connection up')
}

async function runMuxer (muxer) {
  console.log(`muxer ${muxer}:`)
  const agentA = `selftest-a/${muxer}`
  const a = spawnPeer(`a-${muxer}`, ['--muxer', muxer, '--key-seed', '1', '--agent', agentA, ...settings.peerArgs])
  const b = spawnPeer(`b-${muxer}`, ['--muxer', muxer, '--key-seed', '2', ...settings.peerArgs])
  const [readyA, readyB] = await Promise.all([a.ready, b.ready])
  assert.equal(readyA.peerId, '12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X')
  assert.ok(readyA.addrs[0].endsWith(`/p2p/${readyA.peerId}`))
  step(`ready: a ${readyA.addrs[0]}`)

  await checkControlErrors(a)
  await connectAndIdentify(a, b, agentA, readyA, readyB)
  const figures = await perfRuns(b, readyA.peerId)

  await b.call({ type: 'shutdown' })
  assert.deepEqual(await b.exited, { code: 0, signal: null })
  await a.waitFor(m => m.type === 'peer_disconnected' && m.peer === readyB.peerId)
  a.closeStdin()
  assert.deepEqual(await a.exited, { code: 0, signal: null })
  assert.deepEqual([...a.nonJsonLines, ...b.nonJsonLines], [], 'stdout carried a non-JSON line')
  step('shutdown command and closed stdin both exit 0; a saw peer_disconnected')
  return figures
}

async function main () {
  const results = {}
  for (const muxer of settings.muxers) {
    results[muxer] = await runMuxer(muxer)
  }
  console.log(`\njs->js perf, ${settings.bytes} bytes each way, median of ${settings.runs} runs after ${settings.warmup} warm-up runs (MB = 10^6 bytes):`)
  for (const [muxer, f] of Object.entries(results)) {
    console.log(`  ${muxer.padEnd(6)} upload ${f.up} MB/s, download ${f.down} MB/s` +
      ` (upload-only ${f.upOnly} MB/s, download-only ${f.downOnly} MB/s)`)
  }
  console.log('selftest: PASSED')
}

main().then(() => {
  clearTimeout(watchdog)
  process.exit(0)
}, err => {
  console.error(`selftest: FAILED: ${err?.stack ?? err}`)
  killAll()
  process.exit(1)
})
