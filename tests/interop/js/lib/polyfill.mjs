// Node 20 lacks Promise.withResolvers (added in Node 22); parts of the js-libp2p 2.x
// dependency tree call it. This module must be the first import of every entry point,
// because ES modules evaluate their imports in order, depth first.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers () {
      let resolve
      let reject
      const promise = new this((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    }
  })
}
