import {
  ApiKeyStore,
  AuditLog,
  FormStore,
  IdGenerator,
  ImportJobStore,
  OrganizationStore,
  ResourceStore,
  TenantStore,
} from "@zaitaku/core"
import {
  auditLogSuite,
  formStoreSuite,
  importJobStoreSuite,
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
    FormStore.layerMemory,
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
formStoreSuite("memory", memory())
