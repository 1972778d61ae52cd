-- Finding services (src/modules/catalog/search): what the search needs beside the catalog tables.
--
-- German full text (the `german` snowball configuration, already in services.search_vector)
-- stems and folds ä/ö/ü to a/o/u, but a citizen also writes "Fuehrerschein", "Fuhrerschein",
-- "Reisepaß", makes typos and types parts of compounds ("Genehmigung" for "Baugenehmigung").
-- For those the search compares a folded spelling of each name by trigrams (pg_trgm): lower
-- case, ä/ö/ü → a/o/u (as the stemmer does), ß → ss, other accents dropped, everything else
-- that is not a letter or digit → one space. The application folds the query the same way
-- (src/modules/catalog/search/normalise.ts; a test compares both on both databases).
--
-- pg_trgm is a trusted extension: the schema owner may create it without being superuser. PGlite
-- loads it through the `extensions` option (src/platform/db/pglite-driver.ts).

create extension if not exists pg_trgm;

-- Immutable (only built-in immutable functions), so it can define stored generated columns.
-- Upper-case umlauts are listed too: in a database with the C locale lower() leaves them alone.
create function catalog_search_fold(value text) returns text
language sql immutable strict parallel safe as $$
  select btrim(regexp_replace(
    replace(replace(
      translate(lower(value),
        'ÄÖÜäöüÀÁÂÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÕØÙÚÛÝàáâãåçèéêëìíîïñòóôõøùúûýÿ',
        'aouaouaaaaaceeeeiiiinooooouuuyaaaaaceeeeiiiinooooouuuyy'),
      'ß', 'ss'), 'ẞ', 'ss'),
    '[^a-z0-9]+', ' ', 'g'))
$$;

alter table services add column search_name text generated always as (catalog_search_fold(name)) stored;
-- Trigram index: typo-tolerant word similarity (`<%`) and word parts (`like '%genehmigung%'`).
create index services_search_name_trgm on services using gin (search_name gin_trgm_ops);

-- OZG-Leistungen and Lebenslagen are weaker signals (a service under "Kfz-Zulassung" or "Wohnen &
-- Umzug"); 557 and 58 rows are read whole, so they need no index.
alter table ozg_leistungen
  add column search_name text generated always as (catalog_search_fold(name)) stored,
  add column search_vector tsvector generated always as (to_tsvector('german'::regconfig, name)) stored;
alter table lebenslagen
  add column search_name text generated always as (catalog_search_fold(name)) stored,
  add column search_vector tsvector generated always as (to_tsvector('german'::regconfig, name)) stored;

-- Services whose folded name has a word similar to `term` (a typo: "persnalausweis"), always
-- through the trigram index: word_similarity() on every row costs tens of milliseconds, but the
-- planner prices it like an addition and would rather scan the table. A function's SET clause
-- limits the setting to this one lookup.
create function catalog_search_similar(term text) returns setof text
language sql stable strict parallel safe
set enable_seqscan = off
as $$ select key from services where term <% search_name $$;
