import { relative } from 'node:path'
import { CommandError } from './usage-error.ts'

/**
 * Node runs TypeScript by erasing the types, so `enum`, `namespace`, constructor parameter properties
 * and `import x = require()` (syntax that generates code) stop the app at import with a SyntaxError.
 * This turns that error into a message naming the file, the line and the fixes; other errors are
 * returned as they are.
 *
 * @example
 * try { await import(url) } catch (error) { throw explainTypeScriptSyntax(error) }
 */
export function explainTypeScriptSyntax(error: unknown): unknown {
  const { code, stack, message } = (error ?? {}) as { code?: string; stack?: string; message?: string }
  if (code !== 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' || stack === undefined) return error
  // Node puts a code frame before the message: "/path/app.ts:4", the line, then the carets.
  const [where = '', source = '', carets = ''] = stack.split('\n')
  const located = /^(.*):(\d+)$/.exec(where)
  const place = located ? `${relative('.', located[1]!) || located[1]}:${located[2]}` : 'the app'
  const frame = located ? `\n\n  ${source}\n  ${carets}\n` : '\n'
  const syntax = (message ?? '').replace(/ is not supported in strip-only mode$/, '')
  return new CommandError(
    `${place}: ${syntax} cannot run as is: Node runs TypeScript by erasing types, which works only for erasable syntax.${frame}\n` +
      'Fix it in one of these ways:\n' +
      '  - rewrite it as erasable syntax: declare the field and assign it in the constructor instead of a\n' +
      '    parameter property; an `as const` object or a union of string literals instead of an enum;\n' +
      '  - set "erasableSyntaxOnly": true in tsconfig.json, so that tsc and the editor point these out;\n' +
      '  - or compile the app with tsc and run the JavaScript file (wharf run dist/app.js).',
  )
}
