import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

const DOCS = new URL('../../docs/deploy.md', import.meta.url)
const EXAMPLE = new URL('../../examples/deploy/nginx.conf', import.meta.url)

/** Debian's nginx binary, or undefined when nginx is not installed. */
export function findNginx(): string | undefined {
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx'
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

/** The nginx configuration shown in docs/deploy.md (the first ```nginx block), as the guide has it. */
export function documentedNginxConfig(): { docs: string; example: string } {
  const docs = /```nginx\n([\s\S]*?)```/.exec(readFileSync(DOCS, 'utf8'))?.[1]
  if (docs === undefined) throw new Error('docs/deploy.md has no ```nginx block')
  return { docs, example: readFileSync(EXAMPLE, 'utf8') }
}

/** A port free on 127.0.0.1 right now (for processes that must come back on the same port). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Runs nginx unprivileged-style: its own prefix folder (pid, logs, temp files), the documented
 * configuration with the test's ports in place of 80, 8001 and 8002, in the foreground.
 *
 * @example
 * const nginx = startNginx(binary, dir, { listen: 18080, upstreams: [18001, 18002] })
 */
export function startNginx(
  binary: string,
  dir: string,
  ports: { listen: number; upstreams: [number, number] },
): { process: ChildProcess; stop: () => Promise<void>; errorLog: () => string } {
  const { docs } = documentedNginxConfig()
  const site = docs
    .replace(/listen 80;/, `listen 127.0.0.1:${ports.listen};`)
    .replace('127.0.0.1:8001', `127.0.0.1:${ports.upstreams[0]}`)
    .replace('127.0.0.1:8002', `127.0.0.1:${ports.upstreams[1]}`)
  writeFileSync(join(dir, 'wharf.conf'), site)
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp))
  const main = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/wharf.conf;
}
`
  writeFileSync(join(dir, 'nginx.conf'), main)
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    process: child,
    // SIGTERM: the master stops its workers too (SIGKILL would leave them running, port held).
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
    errorLog: () => (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''),
  }
}
