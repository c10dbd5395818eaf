import { parseKeySeed } from './key-seed.mjs'
import { DEFAULT_CHUNK_BYTES } from './perf.mjs'

export const USAGE = `usage: node peer.mjs [options]
  --listen MA          listen address, repeatable; /tcp/N or /tcp/N/ws (default /ip4/127.0.0.1/tcp/0)
  --connect MA         dial this address after start, repeatable
  --key-seed N         deterministic Ed25519 identity from u64 N (little-endian in seed bytes 0..7)
  --muxer yamux|mplex  stream muxer to offer (default yamux)
  --agent STRING       identify agentVersion (default: js-libp2p's own user agent)
  --perf-chunk BYTES   /perf/1.0.0 write chunk size (default ${DEFAULT_CHUNK_BYTES})
  --kad-protocol ID    run @libp2p/kad-dht in server mode on this protocol id (default: no DHT)
  --mdns               run @libp2p/mdns discovery (default: off)
  --pubsub gossipsub|floodsub  run a pubsub service (default: none)
  --topic T            subscribe to T at start (repeatable; needs --pubsub)
  --help               print this and exit`

/**
 * @typedef {object} PeerOptions
 * @property {string[]} listen
 * @property {string[]} connect
 * @property {bigint | undefined} keySeed
 * @property {'yamux' | 'mplex'} muxer
 * @property {string | undefined} agent
 * @property {number} perfChunk
 * @property {boolean} help
 * @property {string | undefined} kadProtocol
 * @property {boolean} mdns
 * @property {'gossipsub' | 'floodsub' | undefined} pubsub
 * @property {string[]} topics
 */

/**
 * Parses the command line. Throws an Error with a readable message on bad input.
 * @param {string[]} argv arguments after the script name
 * @returns {PeerOptions}
 */
export function parseArgs (argv) {
  /** @type {PeerOptions} */
  const opts = {
    listen: [],
    connect: [],
    keySeed: undefined,
    muxer: 'yamux',
    agent: undefined,
    perfChunk: DEFAULT_CHUNK_BYTES,
    help: false,
    kadProtocol: undefined,
    mdns: false,
    pubsub: undefined,
    topics: []
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) {
        throw new Error(`${arg} needs a value`)
      }
      return argv[++i]
    }
    switch (arg) {
      case '--listen': opts.listen.push(value()); break
      case '--connect': opts.connect.push(value()); break
      case '--key-seed': opts.keySeed = parseKeySeed(value()); break
      case '--muxer': {
        const m = value()
        if (m !== 'yamux' && m !== 'mplex') {
          throw new Error(`--muxer must be yamux or mplex, got "${m}"`)
        }
        opts.muxer = m
        break
      }
      case '--agent': opts.agent = value(); break
      case '--perf-chunk': {
        const n = Number(value())
        if (!Number.isInteger(n) || n < 1 || n > 16 * 1024 * 1024) {
          throw new Error('--perf-chunk must be an integer between 1 and 16777216')
        }
        opts.perfChunk = n
        break
      }
      case '--kad-protocol': opts.kadProtocol = value(); break
      case '--mdns': opts.mdns = true; break
      case '--pubsub': {
        const p = value()
        if (p !== 'gossipsub' && p !== 'floodsub') {
          throw new Error(`--pubsub must be gossipsub or floodsub, got "${p}"`)
        }
        opts.pubsub = p
        break
      }
      case '--topic': opts.topics.push(value()); break
      case '--help':
      case '-h': opts.help = true; break
      default: throw new Error(`unknown option "${arg}"`)
    }
  }
  if (opts.topics.length > 0 && opts.pubsub === undefined) {
    throw new Error('--topic needs --pubsub')
  }
  if (opts.listen.length === 0) {
    opts.listen.push('/ip4/127.0.0.1/tcp/0')
  }
  return opts
}
