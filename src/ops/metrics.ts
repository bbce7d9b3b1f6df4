import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance (tests start several in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Labels use the matched route template, never the raw URL, so ids do not explode cardinality. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        const route = (req as { route?: { path?: string } }).route?.path;
        const label = route ? `${req.baseUrl ?? ''}${route}` : 'unmatched';
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        this.httpRequests.inc({ method: req.method, route: label, status: String(res.statusCode) });
        this.httpDuration.observe({ method: req.method, route: label }, seconds);
      });
      next();
    };
  }
}
