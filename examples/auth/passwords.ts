/**
 * Password hashing with node:crypto scrypt: a memory-hard function, so stolen hashes are slow to crack.
 * Stored as `scrypt$<salt>$<hash>` (base64url), with a fresh random salt per password.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'

const KEY_LENGTH = 64
// N = 2^14 is Node's default cost: about 16 MiB and a few tens of ms per hash.
const COST: ScryptOptions = { N: 16384, r: 8, p: 1 }

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, COST, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

/**
 * Hashes a password for storage.
 *
 * @example
 * const stored = await hashPassword('secret') // 'scrypt$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt)
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`
}

/**
 * Checks a password against a stored hash, comparing in constant time so the response time does not
 * reveal how much of the hash matched.
 *
 * @example
 * await verifyPassword('secret', stored) // true
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, salt, hash] = stored.split('$')
  if (algorithm !== 'scrypt' || salt === undefined || hash === undefined) return false
  const expected = Buffer.from(hash, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
