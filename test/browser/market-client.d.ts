// The market fixture's package is generated into a temp dir by test/browser.test.ts and bundled under this
// name; its own types are checked in test/realtime.test.ts.
declare module 'market-client' {
  export function createClient(config?: { baseUrl?: string }): {
    connectCurrencyExchange(
      params?: object,
      options?: { url?: (url: string) => string; reconnect?: false },
    ): {
      send(message: object): Promise<void>;
      request(operation: string, message: object, options?: { timeoutMs?: number }): Promise<unknown>;
      on(kind: string, handler: (event: unknown) => void): () => void;
      close(): void;
    };
  };
}
