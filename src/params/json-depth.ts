/**
 * The default maximum nesting depth of a JSON body: 128 open arrays/objects. Real payloads stay far
 * below (GeoJSON multipolygons reach 5, deep configuration trees rarely 20; System.Text.Json and
 * Newtonsoft stop at 64, Ruby's JSON at 100), while every recursive walk of a value (validators,
 * serializers, the 422's `input` echo, user code) stays thousands of frames away from the stack limit.
 */
export const DEFAULT_JSON_MAX_DEPTH = 128

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACKET = 0x5b
const OPEN_BRACE = 0x7b
const CLOSE_BRACKET = 0x5d
const CLOSE_BRACE = 0x7d

/**
 * The offset of the first `[` or `{` that opens level `maxDepth + 1` of a JSON text, or -1 when the
 * text never nests deeper than `maxDepth`. One pass of character codes, no recursion and no
 * allocation, stopping at the first excess: a megabyte of `[` costs `maxDepth` steps. Brackets inside
 * strings do not count. The text need not be valid JSON (the parser judges that afterwards).
 *
 * @example
 * findExcessiveNesting('[[1]]', 1) // 1
 * findExcessiveNesting('{"a": "[[["}', 1) // -1
 */
export function findExcessiveNesting(text: string, maxDepth: number): number {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === BACKSLASH) i++
      else if (code === QUOTE) inString = false
    } else if (code === QUOTE) inString = true
    else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > maxDepth) return i
    } else if ((code === CLOSE_BRACKET || code === CLOSE_BRACE) && depth > 0) depth--
  }
  return -1
}
