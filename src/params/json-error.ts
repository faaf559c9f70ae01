/** Where and why a JSON text is invalid, in the words of Python's `json` module (which FastAPI reports). */
export interface JsonSyntaxProblem {
  position: number
  message: string
}

const ESCAPE_START = 0x5c
const isWhitespace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
const isDigit = (code: number) => code >= 0x30 && code <= 0x39
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
  // Character codes and hand-written loops: this walks up to a whole body (1 MiB by default) on the
  // event loop, so it avoids a regex or a Set lookup per character.
  const skip = () => {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++
  }
  const digits = () => {
    while (isDigit(text.charCodeAt(i))) i++
  }
  // JSON's number grammar, keeping the longest valid prefix (as Python's scanner does).
  const number = (): boolean => {
    const start = i
    if (text.charCodeAt(i) === 0x2d) i++
    const first = text.charCodeAt(i)
    if (first === 0x30) i++
    else if (isDigit(first)) digits()
    else {
      i = start
      return false
    }
    if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
      i += 2
      digits()
    }
    const e = text.charCodeAt(i)
    if (e === 0x65 || e === 0x45) {
      let j = i + 1
      const sign = text.charCodeAt(j)
      if (sign === 0x2b || sign === 0x2d) j++
      if (isDigit(text.charCodeAt(j))) {
        i = j
        digits()
      }
    }
    return true
  }
  const string = () => {
    const start = i
    i++
    while (i < text.length) {
      const code = text.charCodeAt(i)
      if (code === 0x22) {
        i++
        return
      }
      if (code === ESCAPE_START) {
        ESCAPE.lastIndex = i
        if (!ESCAPE.test(text)) throw new Problem(i, 'Invalid \\escape')
        i = ESCAPE.lastIndex
        continue
      }
      if (code < 0x20) throw new Problem(i, 'Invalid control character at')
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
    const word = ch === 't' ? 'true' : ch === 'f' ? 'false' : ch === 'n' ? 'null' : undefined
    if (word !== undefined && text.startsWith(word, i)) {
      i += word.length
      return
    }
    if (!number()) throw new Problem(i, 'Expecting value')
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
