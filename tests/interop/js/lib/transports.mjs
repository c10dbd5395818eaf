import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'

/**
 * The transports the js peer dials and listens with: TCP for /tcp/N addresses and WebSockets
 * (@libp2p/websockets, plain ws only, no TLS) for /tcp/N/ws addresses. libp2p picks the transport
 * per address, so --listen may mix both.
 */
export function transports () {
  return [tcp(), webSockets()]
}
