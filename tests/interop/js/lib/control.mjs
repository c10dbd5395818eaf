import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { discoveryHandlers } from './discovery.mjs'
import { runEcho } from './echo.mjs'
import { runPerf } from './perf.mjs'

/**
 * The JSON-lines control protocol shared with `rustynode --control stdio`.
 * One command object per input line; each produces exactly one output line:
 * {"type":"result","id":...,"ok":true,...} or {"type":"result","id":...,"ok":false,"error":...},
 * or {"type":"error","error":...} for a line that is not a command at all.
 * Commands run concurrently; "id" (any JSON value) is echoed so callers can match results.
 */
export class Control {
  /**
   * @param {import('libp2p').Libp2p} node
   * @param {(obj: object) => void} emit writes one JSON line to stdout
   * @param {(msg: string) => void} log writes to stderr
   * @param {() => Promise<void>} shutdown stops the node and exits the process
   */
  constructor (node, emit, log, shutdown, extraHandlers = {}) {
    this.node = node
    this.emit = emit
    this.log = log
    this.shutdown = shutdown
    this.extraHandlers = extraHandlers
  }

  /**
   * Handles one input line. Never throws; failures become output lines.
   * @param {string} line
   */
  async handleLine (line) {
    if (line.trim() === '') {
      return
    }
    let cmd
    try {
      cmd = JSON.parse(line)
    } catch (err) {
      this.emit({ type: 'error', error: `malformed JSON line: ${err.message}` })
      return
    }
    if (cmd === null || typeof cmd !== 'object' || Array.isArray(cmd) || typeof cmd.type !== 'string') {
      this.emit({ type: 'error', error: 'a command must be a JSON object with a string "type"', id: idOf(cmd) })
      return
    }
    const handler = this.handlers()[cmd.type]
    if (handler === undefined) {
      this.emit({ type: 'error', error: `unknown command "${cmd.type}"`, id: idOf(cmd) })
      return
    }
    const signal = commandSignal(cmd)
    try {
      const result = await handler(cmd, signal)
      this.emit({ type: 'result', id: cmd.id, ok: true, ...result })
    } catch (err) {
      this.emit({ type: 'result', id: cmd.id, ok: false, error: describe(err) })
    }
    if (cmd.type === 'shutdown') {
      await this.shutdown()
    }
  }

  /** @returns {Record<string, (cmd: any, signal: AbortSignal | undefined) => Promise<object>>} */
  handlers () {
    return {
      connect: (cmd, signal) => this.connect(cmd, signal),
      ping: (cmd, signal) => this.ping(cmd, signal),
      identify: (cmd, signal) => this.identify(cmd, signal),
      peers: async () => this.peers(),
      perf: (cmd, signal) => this.perf(cmd, signal),
      echo: (cmd, signal) => this.echo(cmd, signal),
      shutdown: async () => ({}),
      ...discoveryHandlers(this.node),
      ...this.extraHandlers
    }
  }

  async connect (cmd, signal) {
    const addr = multiaddr(requireString(cmd, 'addr'))
    const connection = await this.node.dial(addr, { signal })
    return { peer: connection.remotePeer.toString() }
  }

  async ping (cmd, signal) {
    const rttMs = await this.node.services.ping.ping(target(cmd), { signal })
    return { rttMs }
  }

  async identify (cmd, signal) {
    const peerId = peerIdFromString(requireString(cmd, 'peer'))
    const connection = this.node.getConnections(peerId).find(c => c.status === 'open')
    if (connection === undefined) {
      throw new Error(`not connected to ${peerId}`)
    }
    const r = await this.node.services.identify.identify(connection, { signal })
    return {
      protocols: r.protocols,
      agentVersion: r.agentVersion ?? null,
      protocolVersion: r.protocolVersion ?? null,
      listenAddrs: r.listenAddrs.map(a => a.toString()),
      observedAddr: r.observedAddr?.toString() ?? null
    }
  }

  peers () {
    return {
      peers: this.node.getConnections().map(c => ({
        peer: c.remotePeer.toString(),
        addr: c.remoteAddr.toString(),
        direction: c.direction
      }))
    }
  }

  async perf (cmd, signal) {
    return await runPerf(this.node, target(cmd), {
      uploadBytes: requireCount(cmd, 'uploadBytes'),
      downloadBytes: requireCount(cmd, 'downloadBytes'),
      signal
    })
  }

  async echo (cmd, signal) {
    return await runEcho(this.node, target(cmd), {
      bytes: requireCount(cmd, 'bytes'),
      seed: requireCount(cmd, 'seed'),
      signal
    })
  }
}

/** The connection fields reported in peer_connected / peer_disconnected events. */
export function connectionEvent (type, connection) {
  return {
    type,
    peer: connection.remotePeer.toString(),
    addr: connection.remoteAddr.toString(),
    direction: connection.direction
  }
}

function idOf (cmd) {
  return cmd !== null && typeof cmd === 'object' && !Array.isArray(cmd) ? cmd.id : undefined
}

/** An optional per-command "timeoutMs" becomes an AbortSignal. */
function commandSignal (cmd) {
  if (cmd.timeoutMs === undefined) {
    return undefined
  }
  if (!Number.isFinite(cmd.timeoutMs) || cmd.timeoutMs <= 0) {
    return AbortSignal.abort(new Error('"timeoutMs" must be a positive number'))
  }
  return AbortSignal.timeout(cmd.timeoutMs)
}

/** "peer" may be a peer id (an existing or known connection is used) or a multiaddr. */
function target (cmd) {
  const peer = requireString(cmd, 'peer')
  return peer.startsWith('/') ? multiaddr(peer) : peerIdFromString(peer)
}

function requireString (cmd, field) {
  const v = cmd[field]
  if (typeof v !== 'string' || v === '') {
    throw new Error(`"${field}" must be a non-empty string`)
  }
  return v
}

function requireCount (cmd, field) {
  const v = cmd[field] ?? 0
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new Error(`"${field}" must be a non-negative integer`)
  }
  return v
}

function describe (err) {
  if (err instanceof Error) {
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : ''
    return `${name}${err.message}`
  }
  return String(err)
}
