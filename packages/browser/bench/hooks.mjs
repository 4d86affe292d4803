// Lets plain `node` run this package's TypeScript (Node 24 strips types): resolves a relative `.js` import to
// its `.ts` file when no `.js` file exists. Usage: node --import ./bench/hooks.mjs bench/size.bench.ts
import { registerHooks } from "node:module"

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      if (/^\.\.?\//.test(specifier) && specifier.endsWith(".js"))
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context)
      throw error
    }
  },
})
