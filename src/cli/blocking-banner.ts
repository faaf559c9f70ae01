const RULE = '─'.repeat(72)

/**
 * How `wharf dev` shows a blocked event loop: not one more log line among many, but a framed warning
 * with what blocked, for how long, and what to do about it. Undefined for any other line.
 *
 * @example
 * blockingBanner('{"event":"event-loop-blocked","blockedMs":512,"method":"GET","route":"/block",…}', false)
 */
export function blockingBanner(line: string, colour: boolean): string | undefined {
  if (!line.includes('"event":"event-loop-blocked"')) return undefined
  let record: { event?: string; msg?: string; blockedMs?: number }
  try {
    record = JSON.parse(line)
  } catch {
    return undefined
  }
  if (record.event !== 'event-loop-blocked' || typeof record.msg !== 'string') return undefined
  const [what, hint] = record.msg.split(': ', 2) as [string, string | undefined]
  const paint = (code: string, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text)
  return [
    paint('33', RULE),
    paint('1;33', `⚠  ${what}`),
    '   Every other request waited meanwhile.',
    ...(hint === undefined ? [] : [`   Hint: ${hint}.`]),
    paint('33', RULE),
    '',
  ].join('\n')
}
