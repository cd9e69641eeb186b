import type { IncomingMessage, ServerResponse } from "node:http";

/** `GET /health` for load balancers: the process is up and serving HTTP. */
export function healthHandler(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== "GET" || request.url?.split("?")[0] !== "/health") return false;
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
  return true;
}
