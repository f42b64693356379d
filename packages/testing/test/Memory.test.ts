import {
  ActivityStore,
  ApiKeyStore,
  AuditLog,
  CaseStore,
  FormStore,
  IdGenerator,
  ImportJobStore,
  NotificationLog,
  OrganizationStore,
  ResourceStore,
  TenantStore,
} from "@zaitaku/core"
import {
  activityStoreSuite,
  auditLogSuite,
  caseStoreSuite,
  deadlineScanSuite,
  formStoreSuite,
  importJobStoreSuite,
  notificationLogSuite,
  organizationStoreSuite,
  resourceStoreSuite,
  tenantIsolationSuite,
} from "@zaitaku/testing"
import { Layer } from "effect"

// The in-memory layers are the reference behaviour: they pass the same suites as every adapter.
const memory = () =>
  Layer.mergeAll(
    TenantStore.layerMemory,
    ApiKeyStore.layerMemory,
    ImportJobStore.layerMemory,
    OrganizationStore.layerMemory,
    CaseStore.layerMemory,
    NotificationLog.layerMemory,
    FormStore.layerMemory,
    ActivityStore.layerMemory,
  ).pipe(
    Layer.provideMerge(ResourceStore.layerMemory),
    Layer.provideMerge(AuditLog.layerMemory),
    Layer.provide(IdGenerator.layer),
  )

auditLogSuite("memory", memory())
tenantIsolationSuite("memory", memory())
resourceStoreSuite("memory", memory())
importJobStoreSuite("memory", memory())
organizationStoreSuite("memory", memory())
caseStoreSuite("memory", memory())
notificationLogSuite("memory", memory())
deadlineScanSuite("memory", memory())
formStoreSuite("memory", memory())
activityStoreSuite("memory", memory())
