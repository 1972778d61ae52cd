-- An offer's online application may be a form of this platform. Module: src/modules/offers.
--
-- Until now `online_url` had to be an absolute http(s) address of another portal. A form published
-- here is reached at `/<tenant-slug>/antrag/<form-slug>` (src/modules/forms/web); the offer keeps
-- that path, relative, so the link survives a change of BASE_URL. Pages use it as it is; the JSON
-- API and the JSON-LD data make it absolute. Nothing else is allowed to start with "/" (no
-- "//host" protocol-relative addresses, no other paths of the portal).
alter table offers drop constraint offers_online_url_check;
alter table offers add constraint offers_online_url_check
  check (online_url ~ '^https?://' or online_url ~ '^/[a-z0-9]+(-[a-z0-9]+)*/antrag/[a-z0-9]+(-[a-z0-9]+)*$');
