/**
 * The Wharf bench server with the defaults `wharf run` serves an app with (see src/cli/serve-settings.ts):
 * its logger writing JSON lines to stdout, one access-log line per request, request ids. The bench
 * reads the lines and drops them, as a log collector would.
 */
process.env.WHARF_BENCH_RUN_DEFAULTS = '1'
await import('./wharf.ts')
