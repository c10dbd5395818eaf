import { noise } from '@chainsafe/libp2p-noise'
import { echo } from '@libp2p/echo'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { mplex } from '@libp2p/mplex'
import { ping } from '@libp2p/ping'
import { createLibp2p } from 'libp2p'
import { discoveryModules, discoveryServices } from './discovery.mjs'
import { privateKeyFromSeedNumber } from './key-seed.mjs'
import { handlePerf } from './perf.mjs'
import { transports } from './transports.mjs'
import { pubsubService } from './pubsub.mjs'

/** Per-connection stream limits for identify and ping; js defaults (1 and 2) are too low for tests. */
const SERVICE_MAX_STREAMS = 64

/**
 * js mplex closes the whole connection once more than this many messages per second arrive
 * for streams it no longer knows (its default is 5). Ordinary close/reset races produce such
 * messages (a CLOSE or a late negotiation reply for a stream just reset): a handful of short
 * streams ending in the same second was enough to kill the connection in our selftest.
 */
const MPLEX_DISCONNECT_THRESHOLD = 1000

/**
 * Builds and starts the libp2p node: TCP and WebSockets, noise, one muxer, identify, ping, echo and /perf/1.0.0.
 * @param {import('./args.mjs').PeerOptions} opts
 * @param {(msg: string) => void} log
 */
export async function startNode (opts, log) {
  const privateKey = opts.keySeed === undefined ? undefined : await privateKeyFromSeedNumber(opts.keySeed)
  const node = await createLibp2p({
    // Started below, once /perf/1.0.0 is registered, so that the first identify any
    // remote receives already lists it.
    start: false,
    privateKey,
    addresses: { listen: opts.listen },
    transports: transports(),
    connectionEncrypters: [noise()],
    streamMuxers: [opts.muxer === 'mplex' ? mplex({ disconnectThreshold: MPLEX_DISCONNECT_THRESHOLD }) : yamux()],
    nodeInfo: opts.agent === undefined ? undefined : { userAgent: opts.agent },
    connectionManager: {
      // Tests and benchmarks open many connections from 127.0.0.1 in bursts; the js defaults
      // (5 inbound per second per host, 10 pending, 300 total) would drop them.
      maxConnections: 4096,
      inboundConnectionThreshold: 100_000,
      maxIncomingPendingConnections: 1024
    },
    connectionMonitor: {
      // Keep the periodic ping (it exercises the remote's ping handler) but never abort a
      // connection because one ping was slow, e.g. while a perf transfer saturates the loop.
      abortConnectionOnPingFailure: false
    },
    peerDiscovery: discoveryModules(opts),
    services: {
      ...discoveryServices(opts),
      identify: identify({
        maxInboundStreams: SERVICE_MAX_STREAMS,
        maxOutboundStreams: SERVICE_MAX_STREAMS
      }),
      ping: ping({
        maxInboundStreams: SERVICE_MAX_STREAMS,
        maxOutboundStreams: SERVICE_MAX_STREAMS
      }),
      echo: echo({
        maxInboundStreams: SERVICE_MAX_STREAMS,
        maxOutboundStreams: SERVICE_MAX_STREAMS
      }),
      ...(opts.pubsub === undefined ? {} : { pubsub: pubsubService(opts.pubsub) })
    }
  })
  await handlePerf(node, { chunkBytes: opts.perfChunk, log })
  await node.start()
  return node
}
