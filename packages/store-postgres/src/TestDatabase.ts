/**
 * Throw-away PostgreSQL databases for integration tests: each test file gets its own, created from
 * `ZAITAKU_TEST_DATABASE_URL` and dropped afterwards, so runs never see each other's data or schema.
 *
 * @since 0.1.0
 */
import pg from "pg"

/**
 * A database created for one test file.
 *
 * @since 0.1.0
 * @category testing
 */
export interface TestDatabase {
  readonly url: string
  readonly name: string
  drop(): Promise<void>
}

/**
 * The URL of the PostgreSQL server for integration tests, or `undefined` (and one line on the console saying
 * the tests are skipped) when `ZAITAKU_TEST_DATABASE_URL` is not set.
 *
 * @since 0.1.0
 * @category testing
 */
export const testDatabaseUrl = (suite: string): string | undefined => {
  const url = process.env.ZAITAKU_TEST_DATABASE_URL
  if (url === undefined || url === "") {
    console.log(
      `[zaitaku] skipped PostgreSQL integration tests of ${suite}: ZAITAKU_TEST_DATABASE_URL is not set ` +
        "(e.g. postgres://postgres@127.0.0.1:5432/test)",
    )
    return undefined
  }
  return url
}

/**
 * Creates a fresh, empty database on the server of `adminUrl` (needs CREATEDB).
 *
 * @since 0.1.0
 * @category testing
 */
export const createTestDatabase = async (adminUrl: string, prefix = "zaitaku_test"): Promise<TestDatabase> => {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        await client.query(`drop database if exists "${name}" with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}

/**
 * The role integration tests log in as to play the application: a member of `zaitaku_app` that owns nothing.
 *
 * @since 0.1.0
 * @category testing
 */
export const testLoginRole = "zaitaku_test_login"

/**
 * The URL of a migrated test database for {@link testLoginRole}, creating the role (LOGIN, member of
 * `zaitaku_app`) if needed. Roles belong to the whole server, so this is safe to call from several files at once.
 *
 * @since 0.1.0
 * @category testing
 */
export const loginRoleUrl = async (database: TestDatabase): Promise<string> => {
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    // Roles are shared by the whole server: another test file may be creating or granting the same one right now
    // (duplicate object, unique violation, or "tuple concurrently updated"); try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `do $$ begin
             if not exists (select 1 from pg_roles where rolname = '${testLoginRole}') then
               create role ${testLoginRole} login;
             end if;
           end $$`,
        )
        await client.query(`grant zaitaku_app to ${testLoginRole}`)
        break
      } catch (error) {
        const code = (error as { code?: string }).code
        if (attempt >= 5 || !(code === "42710" || code === "23505" || code === "XX000")) throw error
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
      }
    }
  } finally {
    await client.end()
  }
  const url = new URL(database.url)
  url.username = testLoginRole
  url.password = ""
  return url.toString()
}
