import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../platform/db/database.ts';
import { cookieNames, cookieOptions } from '../../platform/http/request-context.ts';
import { safeLocalPath, seeOther } from '../../platform/http/page.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { sessionLifetimeHours } from '../../platform/auth/sessions.ts';
import { requireUser } from '../../platform/http/require-user.ts';
import { checkEmail, checkLength, checkRequired, field, type FormInput, type ValidationIssue } from '../../platform/validation.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { accountMessages } from './messages.ts';
import { findDistrict } from '../tenants/index.ts';
import {
  confirmEmail,
  logIn,
  lockoutPolicy,
  logOut,
  logOutEverywhere,
  membershipsOf,
  passwordLength,
  registerCitizen,
  requestPasswordReset,
  resetPassword,
  validateRegistration,
} from './service.ts';
import {
  accountPage,
  backOfficeHomePage,
  confirmEmailPage,
  forgotPasswordPage,
  loginPage,
  messagePage,
  registeredPage,
  registerPage,
  resetPasswordPage,
} from './views.ts';

type Deps = { db: Database; config: Config };
type Body = { Body: FormInput | undefined };
type WithQuery<Q> = { Querystring: Q };

const loginInfo = { zurueckgesetzt: 'resetDone', bestaetigt: 'verified', abgemeldet: 'loggedOut', ueberall: 'loggedOutEverywhere' } as const;

export function accountRoutes(app: FastifyInstance, deps: Deps): void {
  const mailContext = (request: FastifyRequest) => ({ baseUrl: deps.config.baseUrl, locale: request.locale });
  const login = { config: { rateLimitKind: 'login' as const } };

  app.get<WithQuery<{ zurueck?: string; hinweis?: string }>>('/anmelden', async (request, reply) => {
    const hint = request.query.hinweis;
    const info = hint && hint in loginInfo ? loginInfo[hint as keyof typeof loginInfo] : undefined;
    const back = request.query.zurueck ? safeLocalPath(request.query.zurueck) : undefined;
    return reply.page(loginPage(request.locale, request.csrfToken(), { ...(info ? { info } : {}), ...(back ? { back } : {}) }));
  });

  app.post<Body & WithQuery<{ zurueck?: string }>>('/anmelden', login, async (request, reply) => {
    const email = field(request.body, 'email');
    const password = field(request.body, 'password', { trim: false });
    const back = request.query.zurueck ? safeLocalPath(request.query.zurueck) : undefined;
    const issues: ValidationIssue[] = [];
    checkEmail(issues, 'email', email);
    checkRequired(issues, 'password', password);
    if (password.length > passwordLength.max) issues.push({ field: 'password', code: 'too_long', params: { max: passwordLength.max } });
    if (issues.length > 0) return reply.page(loginPage(request.locale, request.csrfToken(), { email, issues, ...(back ? { back } : {}) }));
    const result = await logIn(deps.db, { email, password, previousSessionHash: request.user?.sessionHash ?? null }, mailContext(request));
    if (result.outcome === 'locked') {
      // The same answer for every locked address, whether or not it has an account.
      reply.header('retry-after', String(lockoutPolicy.lockMinutes * 60));
      return reply.page({ ...loginPage(request.locale, request.csrfToken(), { email, failure: 'locked', ...(back ? { back } : {}) }), status: 429, hasErrors: true });
    }
    if (result.outcome !== 'ok') {
      return reply.page({ ...loginPage(request.locale, request.csrfToken(), { email, failure: result.outcome, ...(back ? { back } : {}) }), status: 422, hasErrors: result.outcome === 'failed' });
    }
    reply.setCookie(cookieNames.session, result.sessionToken, cookieOptions(deps.config.secureCookies, sessionLifetimeHours * 3600));
    return seeOther(reply, back ?? (result.kind === 'staff' ? '/verwaltung' : '/konto'));
  });

  app.post('/abmelden', async (request, reply) => {
    if (request.user) await logOut(deps.db, request.user);
    reply.clearCookie(cookieNames.session, { path: '/' });
    return seeOther(reply, '/anmelden?hinweis=abgemeldet');
  });

  // Ends every session of the account (all devices, this one too), e.g. after a lost phone.
  app.post('/konto/abmelden-ueberall', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    await logOutEverywhere(deps.db, user);
    reply.clearCookie(cookieNames.session, { path: '/' });
    return seeOther(reply, '/anmelden?hinweis=ueberall');
  });

  app.get('/registrieren', async (request, reply) => reply.page(registerPage(request.locale, request.csrfToken(), {})));

  app.post<Body>('/registrieren', login, async (request, reply) => {
    const input = {
      displayName: field(request.body, 'displayName'),
      email: field(request.body, 'email'),
      password: field(request.body, 'password', { trim: false }),
    };
    const issues = validateRegistration(input);
    if (issues.length > 0) return reply.page(registerPage(request.locale, request.csrfToken(), { displayName: input.displayName, email: input.email, issues }));
    await registerCitizen(deps.db, input, mailContext(request));
    return seeOther(reply, `/registrieren/gesendet?email=${encodeURIComponent(input.email)}`);
  });

  app.get<WithQuery<{ email?: string }>>('/registrieren/gesendet', async (request, reply) =>
    reply.page(registeredPage(request.locale, typeof request.query.email === 'string' ? request.query.email.slice(0, 254) : '')),
  );

  // The link in the mail only shows a button: mail scanners that open links must not confirm.
  app.get<WithQuery<{ token?: string }>>('/konto/bestaetigen', async (request, reply) =>
    reply.page(confirmEmailPage(request.locale, request.csrfToken(), typeof request.query.token === 'string' ? request.query.token.slice(0, 100) : '')),
  );

  app.post<Body>('/konto/bestaetigen', async (request, reply) => {
    const t = translator(accountMessages, request.locale);
    if (!(await confirmEmail(deps.db, field(request.body, 'token')))) {
      return reply.page({ ...messagePage(t('verify.title'), t('verify.invalid'), { href: '/anmelden', label: t('login.title') }), status: 410 });
    }
    return seeOther(reply, '/anmelden?hinweis=bestaetigt');
  });

  app.get('/passwort-vergessen', async (request, reply) => reply.page(forgotPasswordPage(request.locale, request.csrfToken(), {})));

  app.post<Body>('/passwort-vergessen', login, async (request, reply) => {
    const email = field(request.body, 'email');
    const issues: ValidationIssue[] = [];
    checkEmail(issues, 'email', email);
    if (issues.length > 0) return reply.page(forgotPasswordPage(request.locale, request.csrfToken(), { email, issues }));
    await requestPasswordReset(deps.db, email, mailContext(request));
    return seeOther(reply, '/passwort-vergessen/gesendet');
  });

  app.get('/passwort-vergessen/gesendet', async (request, reply) => {
    const t = translator(accountMessages, request.locale);
    return reply.page(messagePage(t('forgot.sentTitle'), t('forgot.sentBody')));
  });

  app.get<WithQuery<{ token?: string }>>('/passwort-zuruecksetzen', async (request, reply) =>
    reply.page(resetPasswordPage(request.locale, request.csrfToken(), typeof request.query.token === 'string' ? request.query.token.slice(0, 100) : '')),
  );

  app.post<Body>('/passwort-zuruecksetzen', login, async (request, reply) => {
    const token = field(request.body, 'token');
    const password = field(request.body, 'password', { trim: false });
    const issues: ValidationIssue[] = [];
    if (checkRequired(issues, 'password', password)) checkLength(issues, 'password', password, passwordLength.min, passwordLength.max);
    if (issues.length > 0) return reply.page(resetPasswordPage(request.locale, request.csrfToken(), token, issues));
    if (!(await resetPassword(deps.db, token, password))) {
      const t = translator(accountMessages, request.locale);
      return reply.page({ ...messagePage(t('reset.title'), t('reset.invalid'), { href: '/passwort-vergessen', label: t('reset.newLink') }), status: 410 });
    }
    reply.clearCookie(cookieNames.session, { path: '/' });
    return seeOther(reply, '/anmelden?hinweis=zurueckgesetzt');
  });

  app.get('/konto', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    const memberships = await deps.db.transaction({ tenantId: null, userId: user.id }, (tx) => membershipsOf(tx, user.id));
    return reply.page(accountPage(request.locale, user, memberships, request.csrfToken()));
  });

  app.get('/verwaltung', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    if (user.kind !== 'staff') throw forbidden();
    const { memberships, district } = await deps.db.transaction({ tenantId: null, userId: user.id }, async (tx) => ({
      memberships: await membershipsOf(tx, user.id),
      district: await findDistrict(tx),
    }));
    return reply.page(backOfficeHomePage(request.locale, user, memberships, district?.id ?? null));
  });

}
