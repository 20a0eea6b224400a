-- 0011: the owner unit of a framework (framework.md "unit"). A framework
-- owned by a unit ranks and scores only the units of its group in that
-- unit's subtree, and only an office whose grant covers the owner unit
-- manages it (imports it, runs its cycle: app/access.c). NULL: the root,
-- a city-wide framework (every framework before this migration). The
-- canonical JSON in body carries the same field; this column is for
-- lists and for the access rule without parsing the body.
ALTER TABLE framework ADD COLUMN unit_code TEXT;
