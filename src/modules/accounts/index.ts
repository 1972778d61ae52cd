/** Accounts: citizen registration and login, staff login, sessions, password reset. */
export { accountRoutes } from './routes.ts';
export { addStaffUser, UserExistsError } from './service.ts';
