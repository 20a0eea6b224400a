-- 0014: surveys (docs/formats/surveys.md): instruments, campaigns, the
-- units a campaign asks (with a quota of responses), one-time codes, and
-- the responses. An instrument is kept as its file (re-read with the one
-- parser, io/survey_io.c); a response keeps its answers as one JSON
-- object {question code: canonical text}, unanswered questions absent.

CREATE TABLE survey_instrument (
  code TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- state: a state of survey_machine (app/survey.c); margins: the CSV text
-- of the weighting margins last given to `survey results`, NULL: none.
CREATE TABLE survey_campaign (
  code TEXT PRIMARY KEY,
  instrument TEXT NOT NULL REFERENCES survey_instrument(code),
  period TEXT NOT NULL,
  state TEXT NOT NULL,
  codes BIGINT NOT NULL,
  margins TEXT,
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at TEXT
);

CREATE TABLE survey_unit (
  campaign TEXT NOT NULL REFERENCES survey_campaign(code),
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  quota BIGINT,
  PRIMARY KEY (campaign, unit_id)
);

CREATE TABLE survey_code (
  campaign TEXT NOT NULL REFERENCES survey_campaign(code),
  code TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  used_at TEXT,
  PRIMARY KEY (campaign, code)
);

-- source: import, paper, web
CREATE TABLE survey_response (
  id @ID@,
  campaign TEXT NOT NULL REFERENCES survey_campaign(code),
  respondent TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  source TEXT NOT NULL,
  answers TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (campaign, respondent)
);
CREATE INDEX survey_response_unit ON survey_response(campaign, unit_id);
