/** GET /metrics: the bot's metrics in Prometheus' text format. */
import type { BotMetrics } from '../metrics/bot-metrics.js';
import type { RouteHandler } from './http-server.js';

export function metricsRoute(metrics: BotMetrics): RouteHandler {
  return async (_request, response) => {
    const { contentType, body } = await metrics.render();
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
  };
}
