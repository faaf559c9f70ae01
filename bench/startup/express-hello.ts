/** The demo app in Express (for bench/startup.ts): GET / answers {"Hello":"World"} on $PORT. */
import express from 'express'

const app = express()
app.get('/', (_request, response) => {
  response.json({ Hello: 'World' })
})
app.listen(Number(process.env.PORT), '127.0.0.1')
