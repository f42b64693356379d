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
  PdcaStore,
  ResourceStore,
  RuleSetCatalog,
  RuleSetStore,
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
  pdcaStoreSuite,
  resourceStoreSuite,
  ruleSetStoreSuite,
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
    RuleSetCatalog.layerStore.pipe(Layer.provideMerge(RuleSetStore.layerMemory)),
    PdcaStore.layerMemory,
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
ruleSetStoreSuite("memory", memory())
pdcaStoreSuite("memory", memory())
activityStoreSuite("memory", memory())
