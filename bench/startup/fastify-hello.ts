/** The demo app in Fastify (for bench/startup.ts): GET / answers {"Hello":"World"} on $PORT. */
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ Hello: 'World' }))
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
