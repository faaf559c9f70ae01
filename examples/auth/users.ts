/** An in-memory user store standing in for a database. */
import { hashPassword, verifyPassword } from './passwords.ts'

/** A user as the API shows it: never with the password hash. */
export interface User {
  username: string
  fullName: string
  email: string
  disabled: boolean
}

const users = new Map<string, { user: User; passwordHash: string }>()

async function addUser(user: User, password: string): Promise<void> {
  users.set(user.username, { user, passwordHash: await hashPassword(password) })
}

// Demo accounts, hashed at startup; a real app stores only the hashes.
await addUser(
  { username: 'johndoe', fullName: 'John Doe', email: 'johndoe@example.com', disabled: false },
  'secret',
)
await addUser(
  { username: 'alice', fullName: 'Alice Wonderson', email: 'alice@example.com', disabled: true },
  'secret2',
)

// Checked when the username is unknown, so that case takes as long as a wrong password and response
// times do not tell which usernames exist.
const decoyHash = await hashPassword('decoy password')

/**
 * The user with this username and password, or `undefined`.
 *
 * @example
 * const user = await authenticate('johndoe', 'secret')
 */
export async function authenticate(username: string, password: string): Promise<User | undefined> {
  const entry = users.get(username)
  const valid = await verifyPassword(password, entry?.passwordHash ?? decoyHash)
  return valid && entry ? entry.user : undefined
}

/**
 * The user with this username, or `undefined`.
 *
 * @example
 * findUser('johndoe')?.email // 'johndoe@example.com'
 */
export function findUser(username: string): User | undefined {
  return users.get(username)?.user
}
