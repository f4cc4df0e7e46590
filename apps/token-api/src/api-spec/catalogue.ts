import type { RouteSpec } from "./route-spec.js";

/**
 * The routes an app registered, in registration order: /openapi.json is built from exactly these,
 * so a route cannot be served without being documented, nor documented without being served.
 */
export class ApiCatalogue {
  readonly #routes: RouteSpec[] = [];

  add(spec: RouteSpec): void {
    for (const known of this.#routes) {
      if (known.operationId === spec.operationId) throw new Error(`operationId ${spec.operationId} is declared twice`);
      if (known.method === spec.method && known.path === spec.path) {
        throw new Error(`${spec.method.toUpperCase()} ${spec.path} is declared twice`);
      }
    }
    this.#routes.push(spec);
  }

  get routes(): readonly RouteSpec[] {
    return this.#routes;
  }
}
