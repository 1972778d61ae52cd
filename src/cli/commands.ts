import { loadConfig } from '../config.ts';
import fs from 'node:fs';
import path from 'node:path';
import { verifyAudit } from '../platform/audit/verify-audit.ts';
import { readSealExport, sealAuditChains } from '../platform/audit/seal.ts';
import { findSealKey, loadOrCreateSealKey, parsePublicKey } from '../platform/audit/seal-key.ts';
import { isStaffRole } from '../platform/auth/roles.ts';
import { addStaffUser } from '../modules/accounts/index.ts';
import { findTenantBySlug, listTenants, seedDistrict } from '../modules/tenants/index.ts';
import { countServices, importCatalog, summariseCatalogImport } from '../modules/catalog/index.ts';
import { seedDemoForms, seedDemoOffers } from '../modules/offers/index.ts';
import { seedFilePlans } from '../modules/records/index.ts';
import { seedDemoHub } from '../modules/hub/index.ts';
import { seedDemoAccounts } from './demo.ts';
import { openMigrated, parseOptions, requireOption, UsageError } from './runtime.ts';
import { serve } from './serve.ts';
import { writeEdgeConfig } from '../platform/edge/write-edge-config.ts';
import { sql } from '../platform/db/sql.ts';
import { openDatabase } from '../platform/db/open-database.ts';
import { backup } from '../platform/backup/backup.ts';
import { checkBackup, restore } from '../platform/backup/restore.ts';

const usage = `Usage: kreisportal <command>
  start                  migrate, seed when new, serve (what npm start runs)
  serve                  serve HTTP and run the outbox worker
  migrate                apply database migrations
  seed [--district FILE] create or update the district from a seed file
  user add --email E --name N --tenant SLUG --role R[,R] [--password P]
  audit verify [--public-key FILE] [--seals FILE]  check the audit log's hash chains and seals
  audit seal             seal every audit chain head now (signed checkpoint)
  catalog import [--dir DIR]  import the service catalog (OZG, LeiKa) from its CSV files
  edge nginx --upstreams H:P[,H:P] [--listen ADDR] [--tenant-reads N] [--cache-dir DIR | --no-page-cache] --out DIR
                         nginx configuration for the processes (one conf.d file, busy page and page cache included)
  backup --to DIR [--gzip]  database and blobs into a new directory
  restore --from DIR     a backup into a new, empty instance
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
      if ((await db.ownerTransaction(countServices)) === 0) {
        const catalog = await importCatalog(db);
        process.stdout.write(`Service catalog imported: ${catalog.services.created} services.\n`);
      }
      // Every tenant gets the default file plan (E-Akte) unless it has its own; idempotent.
      const plans = await seedFilePlans(db);
      if (plans > 0) process.stdout.write(`Default file plan (Aktenplan) created for ${plans} tenants.\n`);
      // Demo offers need the catalog; idempotent, and never overwrites what staff entered.
      if (config.seedDemo) await seedDemoOffers(db);
      if (config.seedDemo) {
        const logins = await seedDemoAccounts(db, config.dataDir);
        if (logins) {
          process.stdout.write(`\nDemo logins (also in ${config.dataDir}/demo-logins.txt):\n${logins.map((l) => `  ${l}`).join('\n')}\n\n`);
        }
        // After the offers (a form is published where its service is offered); idempotent.
        const forms = await seedDemoForms(db);
        if (forms.published > 0) process.stdout.write(`Demo forms published: ${forms.published}; offers linked to them: ${forms.linked}.\n`);
        // After the offers (the dashboard's history starts from their counts); idempotent.
        await seedDemoHub(db);
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
    case 'catalog': {
      if (sub !== 'import') throw new UsageError(`unknown command "catalog ${sub ?? ''}"; try "catalog import"`);
      const dir = options.get('dir');
      const { db } = await openMigrated(config);
      try {
        process.stdout.write(summariseCatalogImport(await importCatalog(db, typeof dir === 'string' ? dir : undefined)));
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'audit': {
      if (sub !== 'verify' && sub !== 'seal') throw new UsageError(`unknown command "audit ${sub ?? ''}"; try "audit verify" or "audit seal"`);
      const { db } = await openMigrated(config);
      try {
        if (sub === 'seal') {
          const key = loadOrCreateSealKey({ configured: config.auditSealKey, dataDir: config.dataDir });
          const seal = await sealAuditChains(db, key, { exportFile: config.auditSealExportFile, force: true });
          process.stdout.write(`Seal ${seal?.id ?? '-'} written over ${seal?.heads.length ?? 0} chains with key ${key.keyId} (${key.source}).\nPublic key:\n${key.publicPem}`);
          return 0;
        }
        // The seals are checked against the key configured here (or kept in DATA_DIR), or against
        // a public key the operator kept elsewhere (--public-key FILE), which is the stronger check.
        const publicKeyFile = options.get('public-key');
        const sealsFile = options.get('seals') ?? config.auditSealExportFile;
        const trustedKey = typeof publicKeyFile === 'string'
          ? parsePublicKey(fs.readFileSync(publicKeyFile, 'utf8'))
          : findSealKey({ configured: config.auditSealKey, dataDir: config.dataDir })?.publicKey;
        const exported = typeof sealsFile === 'string' && fs.existsSync(sealsFile) ? readSealExport(sealsFile) : undefined;
        const report = await verifyAudit(db, { trustedKey, exported });
        for (const problem of report.problems) {
          process.stdout.write(`TAMPERED ${problem.chain === 'seal' ? 'seal' : `chain ${problem.chain} entry`} ${problem.seq ?? '-'}: ${problem.problem}\n`);
        }
        const sealNote = report.seals === 0 ? 'no seals yet' : `${report.seals} seals${report.sealsTrusted ? '' : ' (checked against their own keys: no trusted key found)'}`;
        process.stdout.write(`${report.entries} entries in ${report.chains} chains checked, ${sealNote}: ${report.problems.length === 0 ? 'intact' : `${report.problems.length} problems`}\n`);
        return report.problems.length === 0 ? 0 : 2;
      } finally {
        await db.close();
      }
    }
    case 'edge': {
      if (sub !== 'nginx') throw new UsageError(`unknown command "edge ${sub ?? ''}"; try "edge nginx"`);
      const out = requireOption(options, 'out');
      const listen = options.get('listen');
      const tenantReads = options.get('tenant-reads');
      if (tenantReads !== undefined && !/^[1-9]\d*$/.test(String(tenantReads))) throw new UsageError('--tenant-reads needs a whole number ≥ 1');
      const cacheDir = options.get('cache-dir');
      if (cacheDir !== undefined && typeof cacheDir !== 'string') throw new UsageError('--cache-dir needs a directory');
      if (cacheDir !== undefined && options.has('no-page-cache')) throw new UsageError('--cache-dir and --no-page-cache exclude each other');
      const { db } = await openMigrated(config);
      try {
        const slugs = (await db.ownerTransaction(listTenants)).map((tenant) => tenant.slug);
        let written: string;
        try {
          written = writeEdgeConfig(out, {
            listen: typeof listen === 'string' ? listen : '80',
            upstreams: requireOption(options, 'upstreams').split(','),
            tenantSlugs: slugs,
            readSlots: config.admission.readSlots,
            tenantReadsPerProcess: tenantReads === undefined ? undefined : Number(tenantReads),
            pageCacheDirectory: options.has('no-page-cache') ? null : cacheDir === undefined ? undefined : path.resolve(cacheDir),
          });
        } catch (error) {
          // A wrong --upstreams or --listen is the caller's, said in one line.
          throw new UsageError((error as Error).message);
        }
        process.stdout.write(`Written ${written}: include it inside nginx's http block (Debian: /etc/nginx/conf.d/).\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'backup': {
      const to = requireOption(options, 'to');
      // Not migrated first: a backup taken before an upgrade must show the database as it was.
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
      try {
        const result = await backup(db, { to, dataDir: config.dataDir, gzip: options.get('gzip') === true });
        process.stdout.write(`Backup written to ${result.dir}: ${result.tables} tables, ${result.rows} rows, ${result.blobs} blobs (${result.blobBytes} bytes).\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'restore': {
      // Checked before the target is opened: a wrong or damaged backup leaves no trace there.
      const checked = await checkBackup(requireOption(options, 'from'));
      // Restore migrates itself: first to the backup's level, newer migrations after loading.
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
      try {
        const result = await restore(db, checked, { dataDir: config.dataDir });
        process.stdout.write(`Restored ${result.tables} tables, ${result.rows} rows and ${result.blobs} blobs; audit log intact (${result.auditEntries} entries in ${result.auditChains} chains).\n`);
        if (result.migrationsApplied.length > 0) process.stdout.write(`Then applied newer migrations: ${result.migrationsApplied.join(', ')}.\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    default:
      process.stdout.write(usage);
      return command === undefined || command === 'help' ? 0 : 64;
  }
}
