/**
 * Branded identifiers. Every entity id is a UUID (version 7 from {@link IdGenerator}, so ids sort by creation
 * time), branded so that a tenant id can never be passed where an API key id is expected.
 *
 * @since 0.1.0
 */
import * as z from "zod"

/**
 * テナントID (tenant id): the id of a municipality or wide-area body using Zaitaku.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { TenantId } from "@zaitaku/core"
 *
 * const id = TenantId.parse("0192f5a0-0000-7000-8000-000000000001")
 * ```
 */
export const TenantId = z.uuid().brand<"TenantId">()
/** @since 0.1.0 @category ids */
export type TenantId = z.infer<typeof TenantId>

/**
 * APIキーID (API key id): the public id of an API key (the secret itself is never stored).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { ApiKeyId } from "@zaitaku/core"
 *
 * ApiKeyId.safeParse("not-a-uuid").success // false
 * ```
 */
export const ApiKeyId = z.uuid().brand<"ApiKeyId">()
/** @since 0.1.0 @category ids */
export type ApiKeyId = z.infer<typeof ApiKeyId>

/**
 * 監査記録ID (audit entry id).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { AuditEntryId } from "@zaitaku/core"
 *
 * AuditEntryId.safeParse("0192f5a0-0000-7000-8000-000000000001").success // true
 * ```
 */
export const AuditEntryId = z.uuid().brand<"AuditEntryId">()
/** @since 0.1.0 @category ids */
export type AuditEntryId = z.infer<typeof AuditEntryId>

/**
 * 地域ID (area id): an area a tenant works with (二次医療圏, 日常生活圏域, 広域連携 …).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { AreaId } from "@zaitaku/core"
 *
 * AreaId.safeParse("0192f5a0-0000-7000-8000-000000000001").success // true
 * ```
 */
export const AreaId = z.uuid().brand<"AreaId">()
/** @since 0.1.0 @category ids */
export type AreaId = z.infer<typeof AreaId>

/**
 * 資源ID (resource id): the id of one directory entry.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { ResourceId } from "@zaitaku/core"
 *
 * ResourceId.safeParse("0192f5a0-0000-7000-8000-000000000001").success // true
 * ```
 */
export const ResourceId = z.uuid().brand<"ResourceId">()
/** @since 0.1.0 @category ids */
export type ResourceId = z.infer<typeof ResourceId>

/**
 * 変更申請ID (change request id): the id of a provider's proposed change to a directory entry.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { ResourceChangeRequestId } from "@zaitaku/core"
 *
 * ResourceChangeRequestId.safeParse("0192f5a0-0000-7000-8000-000000000001").success // true
 * ```
 */
export const ResourceChangeRequestId = z.uuid().brand<"ResourceChangeRequestId">()
/** @since 0.1.0 @category ids */
export type ResourceChangeRequestId = z.infer<typeof ResourceChangeRequestId>

/**
 * 取込ジョブID (import job id).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { ImportJobId } from "@zaitaku/core"
 *
 * ImportJobId.safeParse("0192f5a0-0000-7000-8000-000000000001").success // true
 * ```
 */
export const ImportJobId = z.uuid().brand<"ImportJobId">()
/** @since 0.1.0 @category ids */
export type ImportJobId = z.infer<typeof ImportJobId>

/**
 * ケースID (case id): one 入退院支援 case (one stay of one patient).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { CaseId } from "@zaitaku/core"
 *
 * CaseId.safeParse("0192f5a0-0000-7000-8000-000000000001").success // true
 * ```
 */
export const CaseId = z.uuid().brand<"CaseId">()
/** @since 0.1.0 @category ids */
export type CaseId = z.infer<typeof CaseId>
