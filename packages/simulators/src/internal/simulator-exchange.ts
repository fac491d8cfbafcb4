/**
 * One request and its answer, whatever carries them: a loopback HTTP socket
 * (`startSimulator`) or an in-process `fetch` (`createSimulator`). The
 * simulator engine answers through it; each transport turns the calls into
 * what a real provider connection does.
 */
export interface SimulatorExchange {
  /** HTTP method, e.g. `POST`. */
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** One request header (`name` lower-case), `, `-joined when given twice; `undefined` when absent. No copy of the others. */
  header(name: string): string | undefined;
  /** Every request header, lower-case names: a new record on each read (the recorded requests keep one). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The request body as text (`''` when empty), once: the exchange forgets it, so an
   * answer streamed for a long time does not keep its request in memory.
   */
  takeBody(): string;
  /**
   * The engine has read the request (its body and the headers it needs): the exchange may forget
   * the headers, so an answer streamed for a long time does not keep them in memory. The engine
   * reads neither `header()` nor `headers` after it: what they give then is the exchange's (the
   * in-process exchange forgets them; the socket's keeps them, as Node keeps its request's while
   * the answer is open).
   */
  forgetRequest(): void;
  /** True once the client went away or the answer ended. */
  readonly closed: boolean;
  /** Whether the status line and headers were sent. */
  readonly headersSent: boolean;
  /** Calls `listener` once, when the client goes away or the answer ends. */
  onClose(listener: () => void): void;
  /** Sets the status and headers (sent with the first body bytes, or by `flushHeaders`). */
  writeHead(status: number, headers: Readonly<Record<string, string>>): void;
  /** Sends the status and headers now (a stream's start). */
  flushHeaders(): void;
  /** Sends body text. */
  write(text: string): void;
  /** Sends the last body text, if any, and ends the answer. */
  end(text?: string): void;
  /** Closes the connection after what was written, leaving the body unterminated. */
  cut(): void;
  /** Drops the connection before anything was sent (a TCP reset). */
  reset(): void;
  /** Tears the answer down after an internal failure. */
  destroy(): void;
}
