/**
 * Follows a tRPC subscription over SSE as a browser's EventSource would, collecting its `data`
 * messages with their `id`s. `stop()` ends it.
 */
export function followSse(url: string, headers: Record<string, string>) {
  const messages: { id: string | null; data: unknown }[] = [];
  const ctrl = new AbortController();
  const opened = (async () => {
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
    if (res.status !== 200) throw new Error(`SSE answered ${res.status}: ${await res.text()}`);
    return res;
  })();
  const done = (async () => {
    const res = await opened;
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        buf += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          let id: string | null = null;
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) id = line.slice(3).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (data) messages.push({ id, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    messages,
    opened,
    /** Waits until a message satisfies `pred`, or fails after `ms`. */
    async until(pred: (data: unknown) => boolean, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = messages.find((m) => pred(m.data));
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(messages).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      ctrl.abort();
      await done;
    },
  };
}
