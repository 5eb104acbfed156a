import type { FastifyRequest } from "fastify";

/** The store's change mark as one request sees it: read once, before the request reads any data. */
export type RequestMark = (request: FastifyRequest) => Promise<string>;

/**
 * Change-mark reads for requests (the answer cache and the key memo both compare against it), one a request
 * and shared between concurrent requests: on PostgreSQL each read is a round trip, and under 50 connections
 * they were most of a kept answer's time. A request joins only a read that starts after it asked — one
 * already in flight may predate a write the caller saw commit — so it never sees an older mark than its own.
 */
export function requestMarks(read: () => Promise<string>): RequestMark {
  let running: Promise<string> | undefined;
  let queued: Promise<string> | undefined;
  const start = (): Promise<string> => {
    const reading = read();
    running = reading;
    const done = () => {
      if (running === reading) running = undefined;
    };
    reading.then(done, done);
    return reading;
  };
  const shared = (): Promise<string> => {
    if (!running) return start();
    queued ??= running.then(settled, settled).then(() => {
      queued = undefined;
      return start();
    });
    return queued;
  };
  const perRequest = new WeakMap<FastifyRequest, Promise<string>>();
  return (request) => {
    let mark = perRequest.get(request);
    if (!mark) {
      mark = shared();
      perRequest.set(request, mark);
    }
    return mark;
  };
}

function settled(): void {}
