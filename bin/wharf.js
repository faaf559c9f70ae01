#!/usr/bin/env node
// The `wharf` command (see src/cli/main.ts); kept as JavaScript so it runs from the published build.
import '../dist/cli/main.js'
