import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubMode = 'ok' | 'slow' | 'error500' | 'notFound' | 'hang' | 'hold';

/**
 * An n8n webhook on loopback as the docs describe it: 200 when the workflow took the call, 404
 * when the workflow is inactive, 500 when it broke. Records every call with its headers.
 */
export async function startN8nStub() {
  const calls: { headers: IncomingHttpHeaders; body: string; at: number }[] = [];
  const plan: StubMode[] = [];
  let mode: StubMode = 'ok';
  let slowMs = 150;
  /** Calls held open ('hold') until the test releases them: a webhook in flight. */
  const held: (() => void)[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      calls.push({ headers: req.headers, body, at: Date.now() });
      const m = plan.shift() ?? mode;
      if (m === 'hang') return; // never answers
      const ok = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Workflow was started' }));
      };
      if (m === 'hold') return void held.push(ok);
      if (m === 'notFound') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            code: 404,
            message: 'The requested webhook "POST ralf-deploy" is not registered.',
            hint: 'The workflow must be active for a production URL to run successfully.',
          }),
        );
      }
      if (m === 'error500') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ message: 'Error in workflow' }));
      }
      if (m === 'slow')
        setTimeout(ok, slowMs); // slow, but inside ralf-ui's timeout
      else ok();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/ralf-deploy`,
    calls,
    /** The answer from now on, after the planned ones. */
    answer(m: StubMode, ...first: StubMode[]) {
      mode = m;
      plan.splice(0, plan.length, ...first);
    },
    /** How long a 'slow' answer takes (150 ms unless set). */
    slow(ms: number) {
      slowMs = ms;
    },
    /** Answers every held call with 200, as a workflow that took them. */
    release() {
      for (const ok of held.splice(0)) ok();
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
