import { openPg } from "@zaitaku/store-postgres"

/** A database created for one run (benchmark, integration test) and dropped afterwards. */
export interface TemporaryDatabase {
  readonly name: string
  readonly connectionString: string
  drop(): Promise<void>
}

/**
 * Creates a fresh, empty database on the server of `adminUrl` (which must allow CREATE DATABASE), named
 * `<prefix>_<time>_<random>`.
 */
export const createTemporaryDatabase = async (adminUrl: string, prefix: string): Promise<TemporaryDatabase> => {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
  const admin = await openPg({ connectionString: adminUrl, max: 1 })
  try {
    await admin.withConnection((connection) => connection.exec(`CREATE DATABASE "${name}"`))
  } finally {
    await admin.close()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    name,
    connectionString: url.toString(),
    drop: async () => {
      const again = await openPg({ connectionString: adminUrl, max: 1 })
      try {
        await again.withConnection((connection) => connection.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
      } finally {
        await again.close()
      }
    },
  }
}
