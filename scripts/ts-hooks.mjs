// Lets plain `node` run the workspace's TypeScript sources (Node 24 strips types itself): resolves a relative
// `.js` import to its `.ts` file when no `.js` file exists. Used by the bench scripts of every package, e.g.
//   node --conditions=@taskroute/source --import ../../scripts/ts-hooks.mjs bench/ql.bench.ts
import { registerHooks } from "node:module"

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      if (/^\.\.?\//.test(specifier) && specifier.endsWith(".js")) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context)
      }
      throw error
    }
  },
})
