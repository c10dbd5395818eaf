// js-libp2p 2.x peer driven over JSON lines on stdin/stdout (see README.md).
// stdout carries only JSON lines; everything human-readable goes to stderr.
import './lib/polyfill.mjs'
import { createInterface } from 'node:readline'
import { multiaddr } from '@multiformats/multiaddr'
import { parseArgs, USAGE } from './lib/args.mjs'
import { Control, connectionEvent } from './lib/control.mjs'
import { reportDiscoveries } from './lib/discovery.mjs'
import { startNode } from './lib/node.mjs'
import { PubSubControl } from './lib/pubsub.mjs'

/** How long a shutdown may spend closing connections before the process exits anyway. */
const STOP_TIMEOUT_MS = 5000
/** How long commands still running when stdin closes may take to finish before we stop. */
const DRAIN_TIMEOUT_MS = 10000

function log (msg) {
  process.stderr.write(`[peer ${process.pid} +${Math.round(performance.now())}ms] ${msg}\n`)
}

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

// The parent going away closes our stdout; there is nobody left to report to.
process.stdout.on('error', err => {
  log(`stdout closed (${err.code ?? err.message}), exiting`)
  process.exit(0)
})
// A failure inside libp2p that nobody awaited must not take the peer down mid-test.
process.on('unhandledRejection', err => log(`unhandled rejection: ${err?.stack ?? err}`))
process.on('uncaughtException', err => log(`uncaught exception: ${err?.stack ?? err}`))

let opts
try {
  opts = parseArgs(process.argv.slice(2))
} catch (err) {
  log(`${err.message}\n${USAGE}`)
  process.exit(2)
}
if (opts.help) {
  process.stderr.write(USAGE + '\n')
  process.exit(0)
}

let node
try {
  node = await startNode(opts, log)
} catch (err) {
  log(`start failed: ${err?.stack ?? err}`)
  emit({ type: 'error', error: `start failed: ${err?.message ?? err}` })
  process.exit(1)
}

let stopping = false
async function shutdown () {
  if (stopping) {
    return
  }
  stopping = true
  const started = performance.now()
  try {
    await Promise.race([
      node.stop().catch(err => log(`stop failed: ${err?.message ?? err}`)),
      new Promise(resolve => setTimeout(resolve, STOP_TIMEOUT_MS))
    ])
  } finally {
    log(`stopped in ${Math.round(performance.now() - started)} ms, exiting`)
    process.exit(0)
  }
}

node.addEventListener('connection:open', evt => {
  if (!stopping) {
    emit(connectionEvent('peer_connected', evt.detail))
  }
})
node.addEventListener('connection:close', evt => {
  if (!stopping) {
    emit(connectionEvent('peer_disconnected', evt.detail))
  }
})

reportDiscoveries(node, emit, () => stopping)

emit({ type: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })
log(`ready as ${node.peerId} muxer=${opts.muxer} on ${node.getMultiaddrs().join(' ')}`)

for (const addr of opts.connect) {
  Promise.resolve().then(() => node.dial(multiaddr(addr))).then(
    conn => log(`--connect ${addr}: connected to ${conn.remotePeer}`),
    err => emit({ type: 'error', error: `--connect ${addr} failed: ${err?.message ?? err}` })
  )
}

const pubsub = opts.pubsub === undefined ? undefined : new PubSubControl(node, emit, opts.pubsub)
for (const topic of opts.topics) {
  pubsub.subscribe(topic)
}
const control = new Control(node, emit, log, shutdown, pubsub?.handlers() ?? {})
const inFlight = new Set()
const input = createInterface({ input: process.stdin, crlfDelay: Infinity })
input.on('line', line => {
  if (stopping) {
    return
  }
  const running = control.handleLine(line)
    .catch(err => log(`command failed unexpectedly: ${err?.stack ?? err}`))
    .finally(() => inFlight.delete(running))
  inFlight.add(running)
})
input.on('close', () => {
  log(`stdin closed, shutting down after ${inFlight.size} running command(s)`)
  Promise.race([
    Promise.allSettled([...inFlight]),
    new Promise(resolve => setTimeout(resolve, DRAIN_TIMEOUT_MS))
  ]).then(shutdown).catch(err => log(`shutdown failed: ${err?.stack ?? err}`))
})
process.on('SIGTERM', () => { shutdown().catch(() => process.exit(0)) })
process.on('SIGINT', () => { shutdown().catch(() => process.exit(0)) })
