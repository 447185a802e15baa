// The yardsticks for the load benchmark, in their own process like the BFF: a bare Fastify
// route and a no-op tRPC v11 procedure, both returning the JSON in PAYLOAD_FILE as it is (a
// captured fleet.summary: the same size and shape, with none of our work behind it).
import { readFileSync } from 'node:fs';
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';

const payload: unknown = JSON.parse(readFileSync(process.env.PAYLOAD_FILE!, 'utf8'));
const t = initTRPC.create();
const router = t.router({ noop: t.procedure.query(() => payload) });

const app = Fastify({ logger: false, routerOptions: { maxParamLength: 5000 } });
app.get('/bare', async () => payload);
app.get('/readyz', async () => ({ ok: true }));
await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
