/** Where and why a JSON text is invalid, in the words of Python's `json` module (which FastAPI reports). */
export interface JsonSyntaxProblem {
  position: number
  message: string
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y

class Problem extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(reason)
  }
}

/**
 * Finds the first syntax error of a text that `JSON.parse` rejected. V8's messages do not always carry a
 * position, and FastAPI's 422 reports one (`loc: ["body", offset]`), so this walks the text once, only on
 * the error path.
 *
 * @example
 * findJsonSyntaxProblem('{"a": x}') // { position: 6, message: 'Expecting value' }
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem {
  let i = 0
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++
  }
  const string = () => {
    const start = i
    i++
    while (i < text.length) {
      const ch = text[i]!
      if (ch === '"') {
        i++
        return
      }
      if (ch === '\\') {
        ESCAPE.lastIndex = i
        if (!ESCAPE.test(text)) throw new Problem(i, 'Invalid \\escape')
        i = ESCAPE.lastIndex
        continue
      }
      if (ch < ' ') throw new Problem(i, 'Invalid control character at')
      i++
    }
    throw new Problem(start, 'Unterminated string starting at')
  }
  const key = () => {
    skip()
    if (text[i] !== '"') throw new Problem(i, 'Expecting property name enclosed in double quotes')
    string()
    skip()
    if (text[i] !== ':') throw new Problem(i, "Expecting ':' delimiter")
    i++
  }
  const scalar = (ch: string | undefined): void => {
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length
        return
      }
    }
    NUMBER.lastIndex = i
    if (ch !== undefined && NUMBER.test(text)) {
      i = NUMBER.lastIndex
      return
    }
    throw new Problem(i, 'Expecting value')
  }
  // Iterative, with an explicit stack of open containers: a body of 100,000 `[` must get its 422, not
  // overflow the call stack.
  const open: ('{' | '[')[] = []
  try {
    for (;;) {
      skip()
      const ch = text[i]
      if (ch === '{' || ch === '[') {
        i++
        skip()
        if (text[i] !== (ch === '{' ? '}' : ']')) {
          open.push(ch)
          if (ch === '{') key()
          continue
        }
        i++
      } else if (ch === '"') string()
      else scalar(ch)
      // A value is complete: close what it completes, or move on to the next element.
      let next = false
      while (!next) {
        skip()
        const container = open.at(-1)
        if (container === undefined) {
          if (i < text.length) return { position: i, message: 'Extra data' }
          // The walk found no fault (e.g. a lone surrogate V8 refused): report the start.
          return { position: 0, message: 'Invalid JSON' }
        }
        if (text[i] === ',') {
          i++
          if (container === '{') key()
          next = true
        } else if (text[i] === (container === '{' ? '}' : ']')) {
          i++
          open.pop()
        } else throw new Problem(i, "Expecting ',' delimiter")
      }
    }
  } catch (error) {
    if (error instanceof Problem) return { position: error.position, message: error.reason }
    throw error
  }
}
