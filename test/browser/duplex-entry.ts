// Bundled for the browser by test/browser.test.ts: a duplex connection (send, request/reply with correlation,
// a reply timeout) through the page's own WebSocket, generated from the market fixture (AsyncAPI 3).
import { createClient } from 'market-client';

interface DuplexResults {
  replies: unknown[];
  heartbeats: unknown[];
  timeout: string;
  done: boolean;
}

const results: DuplexResults = { replies: [], heartbeats: [], timeout: '', done: false };
(window as unknown as { duplex: DuplexResults }).duplex = results;

const connection = createClient({ baseUrl: location.origin }).connectCurrencyExchange(
  {},
  { url: (url) => `${url}?ticket=browser-ticket`, reconnect: false },
);
connection.on('heartbeat', (event) => results.heartbeats.push(event));

(async () => {
  results.replies.push(await connection.request('receivePing', { event: 'ping' }));
  results.replies.push(await connection.request('receiveSubscribeRequest', { event: 'subscribe', pair: ['XBT/EUR'] }));
  try {
    await connection.request('receivePing', { event: 'ping', reqid: 99 }, { timeoutMs: 100 });
  } catch (error) {
    results.timeout = (error as Error).name;
  }
  connection.close();
  results.done = true;
})();
