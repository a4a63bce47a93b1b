/**
 * Users mode in a real browser (issue 13, SPEC 11): the first admin (made with the CLI)
 * signs in and creates two analysts; one analyst uploads a file, which stays private (the
 * other analyst's list does not show it) until its owner shares it, and then appears in
 * the other analyst's open page live. API tokens, the audit log and a role change (a
 * viewer gets no write buttons) go through their pages. Signing out in one tab sends the
 * other tab of that browser to the sign-in page.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './backend'
import { screenshot, useBrowserSuite, type OpenPage } from './browser'
import { writeCsv } from './fixtures'
import { explain, testid, textbox, until } from './helpers'

const suite = useBrowserSuite({ env: { AUTH_MODE: 'users' }, keepPages: true })

const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' }
const ANA = { email: 'ana@example.com', password: 'ana-password-1', name: 'Ana' }
const BOB = { email: 'bob@example.com', password: 'bob-password-1', name: 'Bob' }
const SECRET_KEY = 'browser-test-secret-key-0123456789abcdef' // backend.ts's

// the first admin comes from the CLI (SPEC 13), against the same data directory
beforeAll(() => {
  const made = spawnSync(
    join(ROOT, '.venv', 'bin', 'python'),
    ['-m', 'datapulse', 'users', 'create', '--email', ADMIN.email, '--role', 'admin', '--password', ADMIN.password],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATA_DIR: suite.backend.dataDir,
        UPLOAD_FOLDER: join(suite.backend.dataDir, 'uploads'),
        SECRET_KEY,
        HOST: '127.0.0.1',
        AUTH_MODE: 'users',
        DATABASE_URL: '',
        REDIS_URL: '',
      },
    },
  )
  if (made.status !== 0) throw new Error(`datapulse users create failed:\n${made.stdout}\n${made.stderr}`)
}, 30_000)

async function signIn(o: OpenPage, who: { email: string; password: string }, path = '/files'): Promise<void> {
  await o.page.goto(path)
  await o.page.waitForURL((url) => url.pathname === '/signin')
  await textbox(o.page, 'signin-email').fill(who.email)
  await textbox(o.page, 'signin-password').fill(who.password)
  await testid(o.page, 'signin-submit').click()
  await o.page.waitForURL((url) => url.pathname === path)
}

function fileRow(o: OpenPage, name: string) {
  return testid(o.page, 'files-table').locator('tbody tr').filter({ hasText: name })
}

describe('users mode', () => {
  let admin: OpenPage
  let ana: OpenPage
  let bob: OpenPage

  it('the admin signs in (after a wrong password) and creates two analysts', async () => {
    admin = await suite.open()
    await admin.page.goto('/admin/users')
    await admin.page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('redirect') === '/admin/users')
    await textbox(admin.page, 'signin-email').fill(ADMIN.email)
    await textbox(admin.page, 'signin-password').fill('not the password')
    await testid(admin.page, 'signin-submit').click()
    await expect.poll(() => testid(admin.page, 'signin-error').textContent()).toContain('Wrong email or password')
    await screenshot(admin.page, 'signin')

    await textbox(admin.page, 'signin-password').fill(ADMIN.password)
    await testid(admin.page, 'signin-submit').click()
    await admin.page.waitForURL((url) => url.pathname === '/admin/users')
    await testid(admin.page, 'users-table').waitFor()
    for (const who of [ANA, BOB]) {
      await testid(admin.page, 'user-new').click()
      await textbox(admin.page, 'user-email').fill(who.email)
      await textbox(admin.page, 'user-name-input').fill(who.name)
      await textbox(admin.page, 'user-password').fill(who.password)
      await testid(admin.page, 'user-create').click()
      await until(`${who.email} in the users list`, admin, suite.backend, async () =>
        (await testid(admin.page, 'users-table').locator('tbody tr').filter({ hasText: who.email }).count()) === 1,
      )
    }
    expect(await testid(admin.page, 'user-name').textContent()).toContain(ADMIN.email)
    expect(admin.errors.filter((e) => !/401|UNAUTHORIZED/i.test(e))).toEqual([])
  })

  it("an analyst's upload is private until shared, then the other analyst sees it live", async () => {
    ana = await suite.open()
    bob = await suite.open()
    await signIn(ana, ANA)
    await signIn(bob, BOB)

    // an analyst is no admin: the users page answers 403
    await bob.page.goto('/admin/users')
    await testid(bob.page, 'forbidden').waitFor()
    await bob.page.goto('/files')
    await testid(bob.page, 'files-empty').waitFor()

    const csv = writeCsv(suite.backend.dataDir, 'ana-private.csv', 'region,amount\nnorth,10\nsouth,20\n')
    await testid(ana.page, 'file-drop').locator('input[type=file]').setInputFiles(csv)
    await until('the upload in her list', ana, suite.backend, async () => (await fileRow(ana, 'ana-private.csv').count()) === 1)
    const toggle = fileRow(ana, 'ana-private.csv').locator('[data-testid^="share-file-"]')
    await toggle.waitFor()
    expect(await toggle.getAttribute('class')).not.toContain('is-checked')

    // Bob's list, loaded again after the upload, does not show it
    await bob.page.reload()
    await testid(bob.page, 'files-empty').waitFor()
    await bob.page.waitForTimeout(1_000) // the list and the live events had time to arrive
    expect(await fileRow(bob, 'ana-private.csv').count(), explain(bob, suite.backend)).toBe(0)
    expect(await testid(bob.page, 'files-empty').count()).toBe(1)

    await toggle.click()
    await until('the switch says shared', ana, suite.backend, async () => ((await toggle.getAttribute('class')) ?? '').includes('is-checked'))
    await until('the shared file in the other analyst\'s open list', bob, suite.backend, async () => (await fileRow(bob, 'ana-private.csv').count()) === 1)
    // not his: no share control, no delete
    expect(await fileRow(bob, 'ana-private.csv').locator('[data-testid^="share-file-"]').count()).toBe(0)
    await screenshot(ana.page, 'share-file')
  })

  it('an API token is shown once, listed by its prefix, and revoked', async () => {
    await bob.page.goto('/account/tokens')
    await textbox(bob.page, 'token-name').fill('nightly job')
    await testid(bob.page, 'token-create').click()
    const value = (await testid(bob.page, 'token-value').textContent())?.trim() ?? ''
    expect(value).toMatch(/^dp_/)
    const row = testid(bob.page, 'tokens-table').locator('tbody tr').filter({ hasText: 'nightly job' })
    await until('the token in the list', bob, suite.backend, async () => (await row.count()) === 1)
    expect(await row.textContent()).not.toContain(value) // only its prefix is kept
    const check = await bob.page.evaluate(async (token) => (await fetch('/api/files', { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit' })).status, value)
    expect(check).toBe(200)
    await row.locator('[data-testid="token-revoke"]').click()
    await bob.page.locator('.el-message-box__btns .el-button--primary').click()
    await until('the token revoked', bob, suite.backend, async () => (await row.textContent())?.includes('Revoked') ?? false)
    const after = await bob.page.evaluate(async (token) => (await fetch('/api/files', { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit' })).status, value)
    expect(after).toBe(401)
  })

  it("the admin's audit log shows the analyst's upload, filtered by user and action", async () => {
    await admin.page.goto('/admin/audit')
    await testid(admin.page, 'audit-table').waitFor()
    await testid(admin.page, 'audit-user').click()
    await admin.page.locator('.el-select-dropdown__item').filter({ hasText: ANA.email }).click()
    await textbox(admin.page, 'audit-action').fill('files')
    await testid(admin.page, 'audit-apply').click()
    const rows = testid(admin.page, 'audit-table').locator('tbody tr')
    await until('the upload and the share in the log', admin, suite.backend, async () => {
      const texts = await rows.allTextContents()
      return texts.length >= 2 && texts.every((t) => t.includes(ANA.email) && t.includes('files'))
    })
  })

  it('made a viewer by the admin, the other analyst no longer gets upload or delete buttons', async () => {
    await admin.page.goto('/admin/users')
    await testid(admin.page, `user-role-${BOB.email}`).click()
    await admin.page.locator('.el-select-dropdown__item').filter({ hasText: 'Viewer', visible: true }).click()
    await until('the role saved', admin, suite.backend, async () => {
      const users = await admin.page.evaluate(async () => (await (await fetch('/api/users')).json()) as { items: { email: string; role: string }[] })
      return users.items.some((u) => u.email === 'bob@example.com' && u.role === 'viewer')
    })
    await bob.page.goto('/files')
    await until('the shared file in his list', bob, suite.backend, async () => (await fileRow(bob, 'ana-private.csv').count()) === 1)
    expect(await testid(bob.page, 'file-drop').count()).toBe(0)
    expect(await testid(bob.page, 'files-delete-selected').count()).toBe(0)
    expect(await fileRow(bob, 'ana-private.csv').locator('.el-button--danger').count()).toBe(0)
    expect(await testid(bob.page, 'user-role').textContent()).toContain('Viewer')
  })

  it('signing out in one tab sends the other tab to the sign-in page', async () => {
    const second = await ana.context.newPage()
    await second.goto('/files')
    await testid(second, 'files-table').waitFor()
    await testid(ana.page, 'user-menu').click()
    await testid(ana.page, 'sign-out').click()
    await ana.page.waitForURL((url) => url.pathname === '/signin')
    await second.waitForURL((url) => url.pathname === '/signin', { timeout: 15_000 })
    // nothing of hers is left on the page, and the cookie is gone: the API says 401
    expect(await second.locator('[data-testid="files-table"]').count()).toBe(0)
    const status = await second.evaluate(async () => (await fetch('/api/files')).status)
    expect(status).toBe(401)
  })
})
