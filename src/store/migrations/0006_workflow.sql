-- Every history view (a criterion's changes, an item's transitions) reads
-- the audit log by entity_key: index it instead of scanning the log.
CREATE INDEX audit_log_entity_key ON audit_log(entity_key, seq);
