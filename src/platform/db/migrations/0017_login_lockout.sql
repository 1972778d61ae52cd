-- Account lockout after repeated failed logins (docs/security.md). Failures are counted per
-- e-mail address, whether or not an account exists for it, so a lock reveals nothing about who
-- has an account. Only the SHA-256 of the lower-cased address is stored. Global like sessions.
create table login_failures (
  email_hash text not null check (email_hash ~ '^[0-9a-f]{64}$'),
  failed_at timestamptz not null default now()
);
create index login_failures_email on login_failures (email_hash, failed_at);
comment on table login_failures is 'global: failed logins per address hash, for the lockout';
grant select, insert, delete on login_failures to kreisportal_app;

create table login_locks (
  email_hash text primary key check (email_hash ~ '^[0-9a-f]{64}$'),
  locked_until timestamptz not null
);
comment on table login_locks is 'global: addresses locked after too many failed logins';
grant select, insert, update, delete on login_locks to kreisportal_app;
