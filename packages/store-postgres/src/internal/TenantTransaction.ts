/**
 * One tenant transaction whose body may end in a domain error: the error is returned by the body (not thrown), the
 * transaction is rolled back, and the error comes out of the Effect's error channel. Failures of the database are
 * {@link StoreError}s naming the operation. Shared by the stores that decide inside their transaction.
 *
 * @internal
 */
import { StoreError } from "@zaitaku/core"
import { Effect } from "effect"
import type { Session, Tx } from "./Session.js"

/** What a transaction body returns: its result, or the domain error that rolls the transaction back. */
export type Outcome<A, E> = { readonly ok: A } | { readonly error: E }

class DomainAbort {
  constructor(readonly error: unknown) {}
}

/** Runs `body` in one transaction of `tenantId` (row-level security on); see the module documentation. */
export const tenantTransaction =
  (session: Session) =>
  <A, E = never>(
    operation: string,
    tenantId: string,
    body: (tx: Tx) => Promise<Outcome<A, E>>,
  ): Effect.Effect<A, E | StoreError> =>
    Effect.flatMap(
      Effect.tryPromise({
        try: () =>
          session
            .transaction({ tenantId }, async (tx) => {
              const outcome = await body(tx)
              if ("error" in outcome) throw new DomainAbort(outcome.error)
              return outcome
            })
            .catch((error: unknown): Outcome<A, E> => {
              if (error instanceof DomainAbort) return { error: error.error as E }
              throw error
            }),
        catch: (cause) => new StoreError({ operation, cause }),
      }),
      (outcome): Effect.Effect<A, E> => ("error" in outcome ? Effect.fail(outcome.error) : Effect.succeed(outcome.ok)),
    )
