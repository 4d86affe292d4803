// Lets plain `node` run the TypeScript sources of the workspace: Node 24 strips types itself, and this hook
// resolves the `.js` import suffixes of the sources to their `.ts` files. Used by the bench scripts:
//   node --conditions=@taskroute/source --import ./bench/gtl.hooks.mjs bench/gtl.bench.ts
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
