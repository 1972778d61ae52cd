/**
 * An nginx that answers every request with the edge's busy page (503, Retry-After), for the
 * control of the fairness workload: the same flood sent here costs the machine what a flood
 * refused by nginx costs (the generator's work and nginx's), but touches nothing the app or
 * the edge in front of it uses. Whatever it does to another municipality's pages is the price of
 * sharing two cores with the flood, not of sharing the app.
 */
import { defaultEdgeOptions, edgeShedPage, nginxString, standaloneNginxConfig } from '../../src/platform/edge/nginx-config.ts';
import { startNginxWith, type NginxProcess } from '../../src/platform/edge/nginx-process.ts';
import { freePort } from '../../src/platform/testing/free-port.ts';

export async function startRefusingNginx(): Promise<NginxProcess> {
  const port = await freePort();
  const retryAfter = defaultEdgeOptions.retryAfterSeconds;
  const server = `  server {
    listen 127.0.0.1:${port};
    location / {
      default_type "text/html; charset=utf-8";
      add_header Retry-After ${retryAfter} always;
      add_header Cache-Control "no-store" always;
      return 503 "${nginxString(edgeShedPage(retryAfter))}";
    }
  }
`;
  return startNginxWith((dir) => standaloneNginxConfig(server, dir), port);
}
