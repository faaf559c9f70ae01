/** The hello app in Wharf (for bench/startup.ts), served by `wharf run`: GET / answers {"Hello":"World"}. */
import { App } from 'wharfjs'

export const app = new App()

app.get('/', async () => ({ Hello: 'World' }))
