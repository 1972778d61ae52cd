import { loadConfig } from '../config.ts';
import { verifyAudit } from '../platform/audit/verify-audit.ts';
import { isStaffRole } from '../platform/auth/roles.ts';
import { addStaffUser } from '../modules/accounts/index.ts';
import { findTenantBySlug, seedDistrict } from '../modules/tenants/index.ts';
import { seedDemoAccounts } from './demo.ts';
import { openMigrated, parseOptions, requireOption, UsageError } from './runtime.ts';
import { serve } from './serve.ts';
import { sql } from '../platform/db/sql.ts';

const usage = `Usage: kreisportal <command>
  start                  migrate, seed when new, serve (what npm start runs)
  serve                  serve HTTP and run the outbox worker
  migrate                apply database migrations
  seed [--district FILE] create or update the district from a seed file
  user add --email E --name N --tenant SLUG --role R[,R] [--password P]
  audit verify           check the audit log's hash chains
`;

/** Runs one command; returns the exit code for commands that finish (serve keeps running). */
export async function runCommand(argv: string[]): Promise<number | undefined> {
  const { positional, options } = parseOptions(argv);
  const [command, sub] = positional;
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const { db } = await openMigrated(config);
      const tenants = await db.ownerTransaction((tx) => tx.query(sql`select 1 from tenants limit 1`));
      if (tenants.length === 0) {
        await seedDistrict(db, config.districtFile);
      }
      if (config.seedDemo) {
        const logins = await seedDemoAccounts(db, config.dataDir);
        if (logins) {
          process.stdout.write(`\nDemo logins (also in ${config.dataDir}/demo-logins.txt):\n${logins.map((l) => `  ${l}`).join('\n')}\n\n`);
        }
      }
      process.stdout.write(`Kreisportal runs at ${config.baseUrl}\n`);
      await serve(config, db);
      return undefined;
    }
    case 'serve': {
      const { db } = await openMigrated(config);
      await serve(config, db);
      return undefined;
    }
    case 'migrate': {
      const { db } = await openMigrated(config);
      await db.close();
      process.stdout.write('Database is up to date.\n');
      return 0;
    }
    case 'seed': {
      const file = options.get('district');
      const { db } = await openMigrated(config);
      try {
        const result = await seedDistrict(db, typeof file === 'string' ? file : config.districtFile);
        process.stdout.write(`District seeded: ${result.created} tenants created, ${result.updated} updated.\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'user': {
      if (sub !== 'add') throw new UsageError(`unknown command "user ${sub ?? ''}"; try "user add"`);
      const roles = requireOption(options, 'role').split(',');
      const invalid = roles.filter((role) => !isStaffRole(role));
      if (invalid.length > 0) throw new UsageError(`unknown role ${invalid.join(', ')}; roles are admin, caseworker, records_manager, coordinator, reader`);
      const email = requireOption(options, 'email');
      const slug = requireOption(options, 'tenant');
      const given = options.get('password');
      const password = typeof given === 'string' ? given : crypto.randomUUID();
      if (password.length < 12) throw new UsageError('--password must have at least 12 characters');
      const { db } = await openMigrated(config);
      try {
        const tenant = await db.ownerTransaction((tx) => findTenantBySlug(tx, slug));
        if (!tenant) throw new UsageError(`no tenant "${slug}"`);
        await addStaffUser(db, { email, displayName: (options.get('name') as string | undefined) ?? email, password, tenantId: tenant.id, roles: roles.filter(isStaffRole) });
        process.stdout.write(`Staff account ${email} has ${roles.join(', ')} in ${tenant.name}.${typeof given === 'string' ? '' : ` Password: ${password}`}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'audit': {
      if (sub !== 'verify') throw new UsageError(`unknown command "audit ${sub ?? ''}"; try "audit verify"`);
      const { db } = await openMigrated(config);
      try {
        const report = await verifyAudit(db);
        for (const problem of report.problems) {
          process.stdout.write(`TAMPERED chain ${problem.chain} entry ${problem.seq ?? '-'}: ${problem.problem}\n`);
        }
        process.stdout.write(`${report.entries} entries in ${report.chains} chains checked: ${report.problems.length === 0 ? 'intact' : `${report.problems.length} problems`}\n`);
        return report.problems.length === 0 ? 0 : 2;
      } finally {
        await db.close();
      }
    }
    default:
      process.stdout.write(usage);
      return command === undefined || command === 'help' ? 0 : 64;
  }
}
