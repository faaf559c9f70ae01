/** Express 5 with its defaults: express.json() on the POST route and a hand-written item check. */
import type { AddressInfo } from 'node:net'
import express from 'express'
import { announce, checkItem, HELLO, HOST, PORT, parseInteger, sleepOneSecond } from './common.ts'

const app = express()

app.get('/', (_req, res) => {
  res.json(HELLO)
})

app.get('/items/:id', (req, res) => {
  const id = parseInteger(req.params.id)
  if (id === undefined) {
    res.status(422).json({ detail: 'Invalid id' })
    return
  }
  const q = req.query.q
  res.json({ id, q: typeof q === 'string' ? q : undefined })
})

app.post('/items', express.json(), (req, res) => {
  const item = checkItem(req.body)
  if (item) res.status(201).json(item)
  else res.status(422).json({ detail: 'Invalid item' })
})

app.get('/sleep', async (_req, res) => {
  await sleepOneSecond()
  res.json(HELLO)
})

const server = app.listen(PORT, HOST, () => announce((server.address() as AddressInfo).port))
