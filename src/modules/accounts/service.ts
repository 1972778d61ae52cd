import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne, noScope } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { createSession, deleteSession, deleteSessionsOfUser } from '../../platform/auth/sessions.ts';
import type { StaffRole } from '../../platform/auth/roles.ts';
import { queueMail } from '../../platform/mail/mail-jobs.ts';
import { translator, type Locale } from '../../platform/i18n/i18n.ts';
import { checkEmail, checkLength, checkRequired, type ValidationIssue } from '../../platform/validation.ts';
import { accountMessages } from './messages.ts';
import { clearLoginFailures, consumeAccountToken, createAccountToken, findUserByEmail, insertUser, lockedUntil, loginKey, membershipsOf, recordLoginFailure } from './store.ts';

/** Password rules after NIST SP 800-63B 5.1.1: length over composition rules; long passphrases welcome. */
export const passwordLength = { min: 12, max: 128 } as const;

export type Registration = { displayName: string; email: string; password: string };

export function validateRegistration(input: Registration): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (checkRequired(issues, 'displayName', input.displayName)) checkLength(issues, 'displayName', input.displayName, 1, 200);
  checkEmail(issues, 'email', input.email);
  if (checkRequired(issues, 'password', input.password)) checkLength(issues, 'password', input.password, passwordLength.min, passwordLength.max);
  return issues;
}

type MailContext = { baseUrl: string; locale: Locale };

async function sendVerification(tx: Queryable, userId: string, email: string, context: MailContext): Promise<void> {
  const t = translator(accountMessages, context.locale);
  const token = await createAccountToken(tx, userId, 'verify_email', 24);
  await queueMail(tx, null, {
    to: email,
    subject: t('mail.verify.subject'),
    text: t('mail.verify.text', { link: `${context.baseUrl}/konto/bestaetigen?token=${token}` }),
  });
}

/**
 * Creates an unverified citizen account and mails a confirmation link. An address that already
 * has an account gets a notice instead, and the page looks the same either way, so the form
 * does not reveal who has an account (OWASP Authentication Cheat Sheet, account enumeration).
 */
export async function registerCitizen(db: Database, input: Registration, context: MailContext): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db.transaction(noScope, async (tx) => {
    const existing = await findUserByEmail(tx, input.email);
    if (existing) {
      const t = translator(accountMessages, context.locale);
      await queueMail(tx, null, {
        to: existing.email,
        subject: t('mail.exists.subject'),
        text: t('mail.exists.text', { link: `${context.baseUrl}/passwort-vergessen` }),
      });
      return;
    }
    const userId = await insertUser(tx, { kind: 'citizen', email: input.email, passwordHash, displayName: input.displayName, locale: context.locale, verified: false });
    await appendAudit(tx, { tenantId: null, actorId: userId, action: 'account.registered', subjectType: 'user', subjectId: userId });
    await sendVerification(tx, userId, input.email, context);
  });
}

export async function confirmEmail(db: Database, token: string): Promise<boolean> {
  return db.transaction(noScope, async (tx) => {
    const userId = await consumeAccountToken(tx, token, 'verify_email');
    if (!userId) return false;
    await tx.query(sql`update users set email_verified_at = coalesce(email_verified_at, now()) where id = ${userId}`);
    await appendAudit(tx, { tenantId: null, actorId: userId, action: 'account.email_verified', subjectType: 'user', subjectId: userId });
    return true;
  });
}

export type LoginResult =
  | { outcome: 'ok'; sessionToken: string; kind: 'citizen' | 'staff' }
  | { outcome: 'failed' }
  | { outcome: 'unverified' }
  | { outcome: 'locked' };

/**
 * Account lockout (OWASP ASVS 2.2.1, BSI ORP.4.A22): 10 failed logins for one address within 15
 * minutes lock it for 15 minutes. Counted per address whether or not an account exists, so a
 * locked unknown address answers exactly like a locked account: the lock tells nothing.
 */
export const lockoutPolicy = { limit: 10, windowMinutes: 15, lockMinutes: 15 } as const;

/**
 * Checks the credentials; on success replaces the old session (no session fixation) and audits
 * the login. An unknown address costs as much time as a wrong password, and fails, counts and
 * locks the same way.
 */
export async function logIn(
  db: Database,
  input: { email: string; password: string; previousSessionHash: string | null },
  context: MailContext,
): Promise<LoginResult> {
  const key = loginKey(input.email);
  const { user, locked } = await db.transaction(noScope, async (tx) => ({ user: await findUserByEmail(tx, input.email), locked: await lockedUntil(tx, key) }));
  // While locked, the password is still hashed (same time) but never checked.
  const valid = await verifyPassword(locked ? await dummyPasswordHash() : (user?.password_hash ?? (await dummyPasswordHash())), input.password);
  if (locked) return { outcome: 'locked' };
  if (!user || !valid || user.disabled_at) {
    const nowLocked = await db.transaction(noScope, async (tx) => {
      const lockedNow = await recordLoginFailure(tx, key, lockoutPolicy);
      if (lockedNow && user) {
        await appendAudit(tx, { tenantId: null, actorId: null, action: 'account.locked', subjectType: 'user', subjectId: user.id, data: { minutes: lockoutPolicy.lockMinutes } });
      }
      return lockedNow;
    });
    return nowLocked ? { outcome: 'locked' } : { outcome: 'failed' };
  }
  if (!user.email_verified_at) {
    await db.transaction(noScope, (tx) => sendVerification(tx, user.id, user.email, context));
    return { outcome: 'unverified' };
  }
  // Scoped to the user, so RLS shows their memberships (to pick the session's active tenant).
  const sessionToken = await db.transaction({ tenantId: null, userId: user.id }, async (tx) => {
    await clearLoginFailures(tx, key);
    if (input.previousSessionHash) await deleteSession(tx, input.previousSessionHash);
    const memberships = user.kind === 'staff' ? await membershipsOf(tx, user.id) : [];
    const token = await createSession(tx, user.id, memberships[0]?.tenantId ?? null);
    await appendAudit(tx, { tenantId: null, actorId: user.id, action: 'account.logged_in', subjectType: 'user', subjectId: user.id });
    return token;
  });
  return { outcome: 'ok', sessionToken, kind: user.kind };
}

export async function logOut(db: Database, session: { sessionHash: string; id: string }): Promise<void> {
  await db.transaction(noScope, async (tx) => {
    await deleteSession(tx, session.sessionHash);
    await appendAudit(tx, { tenantId: null, actorId: session.id, action: 'account.logged_out', subjectType: 'user', subjectId: session.id });
  });
}

/** Ends every session of the user, on every device, this one included ("Überall abmelden"). */
export async function logOutEverywhere(db: Database, session: { id: string }): Promise<number> {
  return db.transaction(noScope, async (tx) => {
    const ended = await tx.query<{ token_hash: string }>(sql`delete from sessions where user_id = ${session.id} returning token_hash`);
    await appendAudit(tx, { tenantId: null, actorId: session.id, action: 'account.logged_out_everywhere', subjectType: 'user', subjectId: session.id, data: { sessions: ended.length } });
    return ended.length;
  });
}

/** Mails a reset link when the address has an account; answers the same either way. */
export async function requestPasswordReset(db: Database, email: string, context: MailContext): Promise<void> {
  await db.transaction(noScope, async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.disabled_at) return;
    const t = translator(accountMessages, context.locale);
    const token = await createAccountToken(tx, user.id, 'reset_password', 1);
    await queueMail(tx, null, {
      to: user.email,
      subject: t('mail.reset.subject'),
      text: t('mail.reset.text', { link: `${context.baseUrl}/passwort-zuruecksetzen?token=${token}` }),
    });
    await appendAudit(tx, { tenantId: null, actorId: null, action: 'account.password_reset_requested', subjectType: 'user', subjectId: user.id });
  });
}

/** Sets the new password, uses up the token and ends every session of the account. */
export async function resetPassword(db: Database, token: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction(noScope, async (tx) => {
    const userId = await consumeAccountToken(tx, token, 'reset_password');
    if (!userId) return false;
    // Following the link proves control of the mailbox, so it also confirms the address.
    await tx.query(sql`update users set password_hash = ${passwordHash}, email_verified_at = coalesce(email_verified_at, now()) where id = ${userId}`);
    await deleteSessionsOfUser(tx, userId);
    // A new password ends a lockout of the address (the owner proved control of the mailbox).
    const [owner] = await tx.query<{ email: string }>(sql`select email from users where id = ${userId}`);
    if (owner) await clearLoginFailures(tx, loginKey(owner.email));
    await appendAudit(tx, { tenantId: null, actorId: userId, action: 'account.password_reset', subjectType: 'user', subjectId: userId });
    return true;
  });
}

export class UserExistsError extends Error {
  override name = 'UserExistsError';
}

/** Creates a staff account (verified) with roles in one tenant: the operator's `user add`. */
export async function addStaffUser(
  db: Database,
  input: { email: string; displayName: string; password: string; tenantId: string; roles: StaffRole[] },
): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return db.ownerTransaction(async (tx) => {
    const user = await findUserByEmail(tx, input.email);
    if (user && user.kind !== 'staff') throw new UserExistsError(`${input.email} is a citizen account`);
    const userId = user?.id ?? (await insertUser(tx, { kind: 'staff', email: input.email, passwordHash, displayName: input.displayName, locale: 'de', verified: true }));
    for (const role of input.roles) {
      const added = await maybeOne(tx, sql`
        insert into tenant_memberships (tenant_id, user_id, role) values (${input.tenantId}, ${userId}, ${role})
        on conflict do nothing returning user_id`);
      if (added) {
        await appendAudit(tx, { tenantId: input.tenantId, actorId: null, action: 'membership.granted', subjectType: 'user', subjectId: userId, data: { role } });
      }
    }
    return userId;
  });
}

export { membershipsOf };
