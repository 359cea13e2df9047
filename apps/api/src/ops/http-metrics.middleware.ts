import type { NextFunction, Request, Response } from 'express';
import { histogram } from '@kelisim/config';

const latency = histogram('kelisim_http_request_duration_seconds', 'HTTP request latency', ['method', 'route', 'status']);

/** Times every request, labelled by its route pattern (not its path, which holds ids). */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const stop = latency.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    stop({ method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) });
  });
  next();
}
