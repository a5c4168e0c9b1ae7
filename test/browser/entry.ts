// Bundled for the browser by test/browser.test.ts: subscribes through the page's own WebSocket.
import { createClient, type LifecycleEvent } from '../../generated/golem-client/dist/index.js';

interface Results {
  events: { type: string; message?: string }[];
  lifecycle: string[];
  errors: string[];
  done: boolean;
  /** A quiet stream kept alive by pings (idle timer at its browser default), then a binary JSON frame. */
  quiet: { events: { type: string; message?: string }[]; lifecycle: string[]; done: boolean };
}

const results: Results = {
  events: [],
  lifecycle: [],
  errors: [],
  done: false,
  quiet: { events: [], lifecycle: [], done: false },
};
(window as unknown as { results: Results }).results = results;

const client = createClient({ baseUrl: location.origin });
const subscription = client.streamWorkerEvents(
  { componentId: 'c-1', agentName: 'browser worker' },
  {
    // Browsers cannot set an Authorization header on a WebSocket: a short-lived ticket goes in the URL instead.
    url: (url) => `${url}?ticket=browser-ticket`,
    reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
  },
);
subscription.onLifecycle((e: LifecycleEvent) => results.lifecycle.push(e.type));
subscription.onError((e) => results.errors.push(e.message));

(async () => {
  for await (const event of subscription) {
    if (event.type === '$unknown') continue;
    results.events.push({ type: event.type, ...(event.message === undefined ? {} : { message: event.message }) });
    if (results.events.length === 3) break;
  }
  results.done = true;
  const quiet = client.streamWorkerEvents(
    { componentId: 'c-1', agentName: 'quiet worker' },
    { url: (url) => `${url}?ticket=browser-ticket` },
  );
  quiet.onLifecycle((e: LifecycleEvent) => results.quiet.lifecycle.push(e.type));
  for await (const event of quiet) {
    if (event.type === '$unknown') continue;
    results.quiet.events.push({ type: event.type, ...(event.message === undefined ? {} : { message: event.message }) });
    break;
  }
  results.quiet.done = true;
})();
