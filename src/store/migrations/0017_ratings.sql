-- 0018: citizen ratings of finished dossiers (issue 15,
-- shared/formats/surveys.md "Public form and ratings",
-- docs/internals/group-commit.md). Portable SQL (docs/internals/db.md).

-- One token per dossier: 43 base64url characters after "pxr_" (256 bits
-- from libsodium's randombytes). Kept as issued, not hashed: the receipt
-- must be printable again (a lost slip, a batch run twice prints the same
-- tokens), and a token only lets its holder rate one dossier; see
-- docs/internals/group-commit.md "Tokens".
CREATE TABLE rating_token (
  token TEXT PRIMARY KEY,
  dossier_code TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX rating_token_dossier ON rating_token(dossier_code);

-- The citizen's latest rating of a dossier (rating again replaces it).
-- The dossier's own `rating` column and the dossier_month counters
-- follow in the same transaction.
CREATE TABLE dossier_rating (
  dossier_code TEXT PRIMARY KEY,
  rating BIGINT NOT NULL,
  comment TEXT NOT NULL,
  rated_at TEXT NOT NULL
);

-- Units whose rated/satisfied counters moved since their dossier.*
-- metric values were last recomputed (by the refresh).
CREATE TABLE rating_stale_unit (
  unit_code TEXT PRIMARY KEY
);
