// Runtime costs of the generated client, measured in this process against local servers.
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Microseconds per sequential GET: raw fetch against the generated client, in pairs of rounds. The two rounds
 * of a pair run back to back, in alternating order (what one leaves behind, a collection or a busy spell, does
 * not always land on the same side), and the ratio is the median of the pairs' ratios: on a shared machine the
 * speed drifts between pairs more than within one.
 */
export async function requestOverhead({ dist, runs, requests = 1000 }) {
  const body = JSON.stringify({ componentId: '7d1f5a0e', componentName: 'cart', componentVersion: 3 });
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const { createClientCore, getComponent } = await import(dist);
  const core = createClientCore({ baseUrl: base });
  const raw = async () => {
    const response = await fetch(`${base}/v1/components/7d1f5a0e`, { headers: { accept: 'application/json' } });
    return response.json();
  };
  const ours = () => getComponent(core, { componentId: '7d1f5a0e' });
  const round = async (call) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) await call();
    return Number(process.hrtime.bigint() - started) / 1000 / requests;
  };
  await round(raw); // warm up both paths
  await round(ours);
  const rawTimes = [];
  const ourTimes = [];
  const ratios = [];
  for (let i = 0; i < Math.max(3, runs) * 4; i++) {
    let r;
    let o;
    if (i % 2 === 0) {
      r = await round(raw);
      o = await round(ours);
    } else {
      o = await round(ours);
      r = await round(raw);
    }
    rawTimes.push(r);
    ourTimes.push(o);
    ratios.push(o / r);
  }
  await new Promise((r) => server.close(r));
  return { requests, pairs: ratios.length, raw: median(rawTimes), codegen: median(ourTimes), ratio: median(ratios) };
}

/** Events per second parsed and delivered: a raw `ws` client against the generated subscriber, same frames. */
export async function websocketThroughput({ dist, runs, events = 100_000 }) {
  const frames = Array.from({ length: events }, (_, i) =>
    JSON.stringify({ type: i % 2 ? 'StdOut' : 'Log', message: `line ${i}`, timestamp: '2024-05-01T10:00:00Z' }),
  );
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.on('listening', r));
  wss.on('connection', (socket) => {
    for (const frame of frames) socket.send(frame);
  });
  const base = `http://127.0.0.1:${wss.address().port}`;
  const { createClient } = await import(dist);
  const client = createClient({ baseUrl: base });

  const raw = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const socket = new WebSocket(`${base.replace('http', 'ws')}/v1/components/c/workers/a/connect`);
      let count = 0;
      socket.on('message', (data) => {
        const event = JSON.parse(data.toString());
        if (event.type && ++count === events) {
          socket.close();
          resolve(events / ((performance.now() - started) / 1000));
        }
      });
    });
  const ours = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const subscription = client.streamWorkerEvents({ componentId: 'c', agentName: 'a' }, { idleTimeoutMs: 0 });
      let count = 0;
      subscription.onEvent(() => {
        if (++count === events) {
          subscription.close();
          resolve(events / ((performance.now() - started) / 1000));
        }
      });
    });
  await raw();
  await ours();
  const rawRates = [];
  const ourRates = [];
  for (let i = 0; i < Math.max(3, runs); i++) {
    rawRates.push(await raw());
    ourRates.push(await ours());
  }
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => wss.close(r));
  return { events, raw: median(rawRates), codegen: median(ourRates) };
}
