#!/usr/bin/env node
// The `wharf` command (see src/cli/main.ts); kept as JavaScript so it runs from the published build.
import module from 'node:module'

// V8's code cache on disk (Node >= 22.1): later starts skip compiling Wharf's and TypeBox's modules,
// about a fifth of the time to the first response. NODE_COMPILE_CACHE, when set, chooses the folder.
module.enableCompileCache?.()
await import('../dist/cli/main.js')
