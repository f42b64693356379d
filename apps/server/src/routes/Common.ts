/**
 * Pieces shared by the route modules: problem responses for OpenAPI and the security requirement.
 *
 * @since 0.1.0
 */
import { Problem, problemContentType } from "../Problem.js"

const descriptions: Readonly<Record<number, string>> = {
  400: "Invalid input (validation errors carry `errors[]` with JSON pointers and ja/en messages)",
  401: "Missing, malformed, unknown or revoked API key",
  403: "The key's role lacks the permission",
  404: "Not found (also for another tenant's rows)",
  409: "Conflict with existing data",
  413: "Request body too large",
  415: "Body is not application/json",
  503: "Database unavailable or not ready",
}

/**
 * OpenAPI responses of the given error statuses, each with a {@link Problem} body.
 *
 * @since 0.1.0
 * @category openapi
 */
export const problemResponses = <const S extends ReadonlyArray<400 | 401 | 403 | 404 | 409 | 413 | 415 | 503>>(
  ...statuses: S
) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? "Error",
        content: { [problemContentType]: { schema: Problem } },
      },
    ]),
  ) as {
    [K in S[number]]: { description: string; content: { "application/problem+json": { schema: typeof Problem } } }
  }

/**
 * The security requirement of routes that need an API key.
 *
 * @since 0.1.0
 * @category openapi
 */
export const bearerSecurity = [{ bearerAuth: [] as Array<string> }]

/**
 * Responses of every authenticated route: 401 and 503.
 *
 * @since 0.1.0
 * @category openapi
 */
export const authenticatedProblems = problemResponses(401, 503)
