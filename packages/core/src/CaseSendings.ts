/**
 * 送付された様式を実施記録として数える (sent sheets as evidence of a case): a sending of a form response linked to a
 * case (`caseId`) meets that case's obligations as a `form_sent` {@link Evidence} for each recipient organisation
 * that is a party of the case, from the sender's role in the case, with the template id of the response's
 * definition and the time it was sent (ADR 0009).
 *
 * Nothing is copied into the case: every evaluation reads the sendings linked to the cases it evaluates
 * (`sendingsOfCases`, through the `FormStore`), so a sending and its evidence cannot disagree or half-fail.
 * Only the metadata of a sending is read, never the answers.
 *
 * @since 0.1.0
 */
import type { Evidence } from "./Coordination.js"
import type { FormTemplateRef } from "./FormDefinition.js"
import type { ResourceId } from "./Ids.js"
import type { PartyRole } from "./RuleSet.js"

/** What the evidence of a case's sendings needs of the case (a `Case` has it). */
interface CaseOfSendings {
  readonly id: string
  readonly parties: Partial<Record<PartyRole, { readonly id: string } | undefined>>
}

/**
 * 症例に紐づく送付 (a sending linked to a case), without the answers: which response of which template went from
 * which organisation to which organisations, and when. Sendings of a response later marked entered-in-error are
 * not listed.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { CaseFormSending } from "@zaitaku/core"
 *
 * declare const sending: CaseFormSending
 * sending.template.id // "admission-information"
 * ```
 */
export interface CaseFormSending {
  readonly id: string
  readonly caseId: string
  readonly responseId: string
  readonly template: FormTemplateRef
  /**
   * The ids of the templates the response's template derives from, nearest first (a regional variant's base, and
   * that base's base): a rule that names the base is met by a sending of the variant. Absent when it derives from
   * none.
   */
  readonly derivedFrom?: ReadonlyArray<string>
  readonly from: ResourceId
  readonly sentAt: string
  readonly recipients: ReadonlyArray<ResourceId>
}

const roles: ReadonlyArray<PartyRole> = ["hospital", "care_manager", "community_center", "clinic", "municipality"]

/**
 * The role of an organisation in a case (the first role, in {@link PartyRole} order, whose party it is).
 *
 * @since 0.1.0
 * @category evidence
 * @example
 * ```ts
 * import { roleInCase, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * roleInCase(c, c.parties.hospital.id) // "hospital"
 * ```
 */
export const roleInCase = (c: Pick<CaseOfSendings, "parties">, organizationId: string): PartyRole | undefined =>
  roles.find((role) => c.parties[role]?.id === organizationId)

/**
 * 送付を実施記録に (the evidence a case's sendings give), pure: for each sending linked to the case whose sender is
 * a party of it, one `form_sent` per recipient that is a party too — `from` the sender's role, `to` the recipient's
 * role, `recipientId` the recipient, at the time it was sent. Sendings from or to organisations outside the case
 * give nothing. The evidence id is `<sendingId>/<recipientId>`.
 *
 * @since 0.1.0
 * @category evidence
 * @example
 * ```ts
 * import { sendingEvidence, type Case, type CaseFormSending } from "@zaitaku/core"
 *
 * declare const c: Case
 * declare const sendings: ReadonlyArray<CaseFormSending>
 * sendingEvidence(c, sendings).map((e) => `${e.from}→${e.to}`)
 * ```
 */
export const sendingEvidence = (
  c: CaseOfSendings,
  sendings: ReadonlyArray<CaseFormSending>,
): ReadonlyArray<Evidence> => {
  const out: Array<Evidence> = []
  for (const sending of sendings) {
    if (sending.caseId !== c.id) continue
    const from = roleInCase(c, sending.from)
    if (from === undefined) continue
    for (const recipient of sending.recipients) {
      const to = roleInCase(c, recipient)
      if (to === undefined) continue
      out.push({
        id: `${sending.id}/${recipient}`,
        kind: "form_sent",
        at: sending.sentAt,
        from,
        to,
        templateId: sending.template.id,
        ...(sending.derivedFrom === undefined || sending.derivedFrom.length === 0
          ? {}
          : { derivedFrom: [...sending.derivedFrom] }),
        formResponseId: sending.responseId,
        recipientId: recipient,
        recordedBy: sending.from,
      })
    }
  }
  return out
}

/**
 * 様式の系譜 (a template's lineage), pure: the ids of the templates `ref` derives from, nearest first, following
 * `baseOf` (a regional variant's base, a tenant variant of a tenant template of a national one…). Stops at a
 * template with no base, at one `baseOf` does not know, and at a repeated one, so a bad chain cannot loop.
 *
 * @since 0.1.0
 * @category evidence
 * @example
 * ```ts
 * import { templateLineage } from "@zaitaku/core"
 *
 * const bases = new Map([["admission-information.hachinohe@1.0.0", { id: "admission-information", version: "1.0.0" }]])
 * templateLineage({ id: "admission-information.hachinohe", version: "1.0.0" }, (r) => bases.get(`${r.id}@${r.version}`))
 * // ["admission-information"]
 * ```
 */
export const templateLineage = (
  ref: FormTemplateRef,
  baseOf: (ref: FormTemplateRef) => FormTemplateRef | undefined,
): ReadonlyArray<string> => {
  const out: Array<string> = []
  const seen = new Set([`${ref.id}@${ref.version}`])
  for (let base = baseOf(ref); base !== undefined; base = baseOf(base)) {
    const key = `${base.id}@${base.version}`
    if (seen.has(key)) break
    seen.add(key)
    if (base.id !== ref.id && !out.includes(base.id)) out.push(base.id)
  }
  return out
}
