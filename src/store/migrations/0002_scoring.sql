-- 0002: metrics, frameworks, assessment scores and publications.

-- The metric catalogue. aggregate says how a year or quarter is derived
-- from finer periods when it has no value of its own: 'sum' (counts),
-- 'mean' (levels), or 'none' (never derived; rates are recomputed from
-- their counts by the module that owns them, never averaged).
CREATE TABLE metric (
  code TEXT PRIMARY KEY,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  unit_of_measure TEXT NOT NULL,
  description TEXT NOT NULL,
  aggregate TEXT NOT NULL
);

-- One value per unit, period ('2024', '2024-Q3', '2024-07') and metric.
CREATE TABLE metric_value (
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  period TEXT NOT NULL,
  metric TEXT NOT NULL REFERENCES metric(code),
  value DOUBLE PRECISION NOT NULL,
  source TEXT NOT NULL,
  as_of TEXT NOT NULL,
  PRIMARY KEY (unit_id, period, metric)
);
CREATE INDEX metric_value_metric ON metric_value(metric, period);

-- Frameworks are kept as their canonical JSON (framework export writes
-- it back byte for byte); the columns repeat what lists need.
CREATE TABLE framework (
  code TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  year BIGINT NOT NULL,
  groups TEXT NOT NULL,
  body TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- Self-assessed and appraised points per unit and assessed criterion.
CREATE TABLE assessment_score (
  framework TEXT NOT NULL REFERENCES framework(code),
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  criterion TEXT NOT NULL,
  self_points DOUBLE PRECISION,
  appraised_points DOUBLE PRECISION,
  note TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (framework, unit_id, criterion)
);

-- A publication freezes every input and result of one framework; a
-- re-publication is a new version. inputs and results are JSON.
CREATE TABLE publication (
  framework TEXT NOT NULL REFERENCES framework(code),
  version BIGINT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  inputs TEXT NOT NULL,
  results TEXT NOT NULL,
  PRIMARY KEY (framework, version)
);

-- The published ranking, one row per unit, for pages and queries.
CREATE TABLE publication_result (
  framework TEXT NOT NULL,
  version BIGINT NOT NULL,
  unit_code TEXT NOT NULL,
  unit_name TEXT NOT NULL,
  rank_in_group BIGINT,
  points DOUBLE PRECISION,
  max_points DOUBLE PRECISION,
  index_pct DOUBLE PRECISION,
  grade TEXT,
  status TEXT NOT NULL,
  PRIMARY KEY (framework, version, unit_code),
  FOREIGN KEY (framework, version) REFERENCES publication(framework, version)
);
