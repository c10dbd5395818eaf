// DHT (@libp2p/kad-dht) and mDNS (@libp2p/mdns) for the interop peer, with the same control
// commands as `rustynode` (specs/network/22-resources.md, RES-5): find_peer, dht_put, dht_get,
// announce {topic}, discover {topic}, and peer_discovered events.
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { mdns } from '@libp2p/mdns'
import { peerIdFromString } from '@libp2p/peer-id'
import { sha256 } from 'multiformats/hashes/sha2'
import { CID } from 'multiformats/cid'

/**
 * The services to add to createLibp2p's `services` for the given options.
 * @param {import('./args.mjs').PeerOptions} opts
 */
export function discoveryServices (opts) {
  if (opts.kadProtocol === undefined) {
    return {}
  }
  return {
    dht: kadDHT({
      protocol: opts.kadProtocol,
      // Force server mode: js otherwise picks client mode until it sees a public address.
      clientMode: false,
      // Tests run on 127.0.0.1: the default mapper strips private addresses from answers.
      peerInfoMapper: passthroughMapper,
      // Let the DHT answer and query as soon as one peer is connected.
      allowQueryWithZeroPeers: true
    })
  }
}

/** The peer discovery modules for createLibp2p's `peerDiscovery`. */
export function discoveryModules (opts) {
  return opts.mdns ? [mdns()] : []
}

/** Emits peer_discovered events (the source is whatever js module found the peer). */
export function reportDiscoveries (node, emit, isStopping) {
  node.addEventListener('peer:discovery', evt => {
    if (!isStopping()) {
      emit({
        type: 'peer_discovered',
        peerId: evt.detail.id.toString(),
        addrs: evt.detail.multiaddrs.map(a => a.toString()),
        source: 'js'
      })
    }
  })
}

/** The discovery command handlers, merged into Control's handler table. */
export function discoveryHandlers (node) {
  const dht = () => {
    if (node.services.dht === undefined) {
      throw new Error('the DHT is not enabled (start with --kad-protocol ID)')
    }
    return node.services.dht
  }
  return {
    find_peer: async (cmd, signal) => {
      const peer = peerIdFromString(requireString(cmd, 'peer'))
      for await (const event of dht().findPeer(peer, { signal })) {
        if (event.name === 'FINAL_PEER') {
          return { peer: event.peer.id.toString(), addrs: event.peer.multiaddrs.map(a => a.toString()) }
        }
      }
      throw new Error(`the DHT did not find ${peer}`)
    },
    dht_put: async (cmd, signal) => {
      const key = parseKey(requireString(cmd, 'key'))
      const value = Buffer.from(requireString(cmd, 'value'), 'base64')
      let stored = 0
      for await (const event of dht().put(key, value, { signal })) {
        if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE') {
          stored++
        }
      }
      return { stored }
    },
    dht_get: async (cmd, signal) => {
      const key = parseKey(requireString(cmd, 'key'))
      for await (const event of dht().get(key, { signal })) {
        if (event.name === 'VALUE') {
          return { value: Buffer.from(event.value).toString('base64'), copies: 1 }
        }
      }
      throw new Error(`no value found for ${cmd.key}`)
    },
    announce: async (cmd, signal) => {
      const cid = await topicCid(requireString(cmd, 'topic'))
      let peers = 0
      for await (const event of dht().provide(cid, { signal })) {
        if (event.name === 'PEER_RESPONSE') {
          peers++
        }
      }
      return { announced: 'topic', peers }
    },
    discover: async (cmd, signal) => {
      const cid = await topicCid(requireString(cmd, 'topic'))
      const peers = new Map()
      for await (const event of dht().findProviders(cid, { signal })) {
        if (event.name === 'PROVIDER') {
          for (const p of event.providers) {
            peers.set(p.id.toString(), p.multiaddrs.map(a => a.toString()))
          }
        }
      }
      return { peers: [...peers].map(([peer, addrs]) => ({ peer, addrs })) }
    }
  }
}

/** `/pk/<peer id>` stands for /pk/ followed by the peer id's multihash bytes; anything else is UTF-8. */
function parseKey (text) {
  if (text.startsWith('/pk/')) {
    try {
      const peer = peerIdFromString(text.substring(4))
      return Uint8Array.from([...new TextEncoder().encode('/pk/'), ...peer.toMultihash().bytes])
    } catch {
      // not a peer id: plain UTF-8 below
    }
  }
  return new TextEncoder().encode(text)
}

/** The provider key of a topic (RES-1.1): the sha2-256 multihash of "/rusty/topic/<t>", as a CIDv0. */
async function topicCid (topic) {
  const digest = await sha256.digest(new TextEncoder().encode(`/rusty/topic/${topic}`))
  return CID.createV0(digest)
}

function requireString (cmd, field) {
  const v = cmd[field]
  if (typeof v !== 'string' || v === '') {
    throw new Error(`"${field}" must be a non-empty string`)
  }
  return v
}
