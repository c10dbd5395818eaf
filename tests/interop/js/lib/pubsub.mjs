// Pubsub for the interop peer: @chainsafe/libp2p-gossipsub or @libp2p/floodsub as the
// "pubsub" service, and the control commands the daemon has (specs/network/18-pubsub.md PS-9):
// subscribe, unsubscribe, publish, mesh, received, and "message" events. One test-only command,
// publish_forged, sends a peer messages with broken signatures, straight onto the wire.
import { gossipsub } from '@chainsafe/libp2p-gossipsub'
import { RPC } from '@chainsafe/libp2p-gossipsub/message'
import { floodsub } from '@libp2p/floodsub'
import { randomBytes } from '@libp2p/crypto'
import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'

/** The signature prefix of pubsub messages. */
const SIGN_PREFIX = new TextEncoder().encode('libp2p-pubsub:')

/**
 * The pubsub service for createLibp2p, or undefined when the peer runs without pubsub.
 * js defaults throughout, except that publishing to a topic with no peers is not an error
 * (as with the daemon, where it simply reaches nobody).
 * @param {'gossipsub' | 'floodsub' | undefined} kind
 */
export function pubsubService (kind) {
  if (kind === 'gossipsub') {
    return gossipsub({ allowPublishToZeroTopicPeers: true })
  }
  if (kind === 'floodsub') {
    return floodsub()
  }
  return undefined
}

/** Pubsub commands and events over the node's "pubsub" service. */
export class PubSubControl {
  /**
   * @param {import('libp2p').Libp2p} node
   * @param {(obj: object) => void} emit
   * @param {'gossipsub' | 'floodsub'} kind
   */
  constructor (node, emit, kind) {
    this.node = node
    this.emit = emit
    this.kind = kind
    this.pubsub = node.services.pubsub
    /** @type {Map<string, boolean>} topic -> report events */
    this.topics = new Map()
    /** @type {Map<string, number>} */
    this.counts = new Map()
    /** @type {Set<() => void>} */
    this.waiters = new Set()
    this.pubsub.addEventListener('message', evt => this.onMessage(evt.detail))
  }

  /** The command handlers, merged into the control's. */
  handlers () {
    return {
      subscribe: async cmd => this.subscribe(requireTopic(cmd), cmd.events !== false),
      unsubscribe: async cmd => this.unsubscribe(requireTopic(cmd)),
      publish: async cmd => this.publish(cmd),
      mesh: async cmd => this.mesh(requireTopic(cmd)),
      received: async (cmd, signal) => this.received(cmd, signal),
      publish_forged: async cmd => this.publishForged(cmd)
    }
  }

  subscribe (topic, events = true) {
    this.topics.set(topic, events)
    this.pubsub.subscribe(topic)
    return { topic }
  }

  unsubscribe (topic) {
    const wasSubscribed = this.topics.delete(topic)
    this.pubsub.unsubscribe(topic)
    return { topic, wasSubscribed }
  }

  async publish (cmd) {
    const topic = requireTopic(cmd)
    const data = requireBase64(cmd, 'data')
    const count = cmd.count ?? 1
    if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) {
      throw new Error('"count" must be between 1 and 1000000')
    }
    let peers = 0
    for (let i = 0; i < count; i++) {
      const result = await this.pubsub.publish(topic, data)
      peers = result.recipients.length
    }
    return { peers, published: count }
  }

  mesh (topic) {
    const mesh = this.kind === 'gossipsub' ? this.pubsub.getMeshPeers(topic) : []
    const peers = this.pubsub.getSubscribers(topic).map(p => ({
      peer: p.toString(),
      protocol: this.kind === 'gossipsub' ? (this.pubsub.streamsOutbound.get(p.toString())?.protocol ?? null) : '/floodsub/1.0.0',
      score: this.kind === 'gossipsub' ? this.pubsub.getScore(p.toString()) : 0,
      inMesh: mesh.includes(p.toString())
    }))
    return { topic, mesh, peers }
  }

  async received (cmd, signal) {
    const topic = requireTopic(cmd)
    const atLeast = cmd.atLeast ?? 0
    const deadline = AbortSignal.any([signal ?? AbortSignal.timeout(30_000)])
    while ((this.counts.get(topic) ?? 0) < atLeast) {
      await new Promise((resolve, reject) => {
        const done = () => { this.waiters.delete(done); deadline.removeEventListener('abort', abort); resolve() }
        const abort = () => { this.waiters.delete(done); reject(new Error(`only ${this.counts.get(topic) ?? 0} of ${atLeast} messages on ${topic}`)) }
        this.waiters.add(done)
        deadline.addEventListener('abort', abort, { once: true })
      })
    }
    return { topic, count: this.counts.get(topic) ?? 0 }
  }

  /**
   * Test-only: sends `count` messages signed with a broken signature straight to one peer.
   * A correct peer must reject them (PS-5.3) and score us down for it.
   */
  async publishForged (cmd) {
    const topic = requireTopic(cmd)
    const data = requireBase64(cmd, 'data')
    const target = peerIdFromString(cmd.peer)
    const count = cmd.count ?? 1
    const privateKey = this.pubsub.components.privateKey
    const from = this.node.peerId.toMultihash().bytes
    for (let i = 0; i < count; i++) {
      const unsigned = { from, data, seqno: randomBytes(8), topic }
      const signature = await privateKey.sign(new Uint8Array([...SIGN_PREFIX, ...RPC.Message.encode(unsigned)]))
      signature[0] ^= 1
      const message = { ...unsigned, signature, key: publicKeyToProtobuf(privateKey.publicKey) }
      if (this.kind === 'gossipsub') {
        this.pubsub.sendRpc(target.toString(), { subscriptions: [], messages: [message] })
      } else {
        this.pubsub.sendRpc(target, { subscriptions: [], messages: [message] })
      }
    }
    return { sent: count }
  }

  onMessage (msg) {
    const topic = msg.topic
    this.counts.set(topic, (this.counts.get(topic) ?? 0) + 1)
    for (const waiter of [...this.waiters]) {
      waiter()
    }
    if (this.topics.get(topic) === true) {
      this.emit({
        type: 'message',
        topic,
        from: msg.type === 'signed' ? msg.from.toString() : null,
        seqno: msg.type === 'signed' ? msg.sequenceNumber.toString(16).padStart(16, '0') : null,
        data: Buffer.from(msg.data).toString('base64')
      })
    }
  }
}

function requireTopic (cmd) {
  if (typeof cmd.topic !== 'string' || cmd.topic === '') {
    throw new Error('"topic" must be a non-empty string')
  }
  return cmd.topic
}

function requireBase64 (cmd, field) {
  if (typeof cmd[field] !== 'string') {
    throw new Error(`"${field}" must be a base64 string`)
  }
  return new Uint8Array(Buffer.from(cmd[field], 'base64'))
}
