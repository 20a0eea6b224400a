-- The live data version (docs/internals/live_cache.md): one counter that
-- changes inside the transaction of every write to a table the live
-- results are computed from, whoever writes (a page, the API, the CLI,
-- another server on the same database, or plain SQL). Servers compare it
-- with the version their cached results were computed at: one indexed
-- read per request, and a second server sees a write at once. tag is
-- random, made once: it tells one database from another in a process
-- that opens several (tests), so their versions never mix.
CREATE TABLE live_version (
  id BIGINT PRIMARY KEY,
  tag TEXT NOT NULL,
  n BIGINT NOT NULL
);
-- SQLite has only row triggers: each changed row bumps the counter.
@SQLITE@
INSERT INTO live_version(id, tag, n) VALUES (1, lower(hex(randomblob(16))), 1);
CREATE TRIGGER live_version_unit_i AFTER INSERT ON unit
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_unit_u AFTER UPDATE ON unit
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_unit_d AFTER DELETE ON unit
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_unit_successor_i AFTER INSERT ON unit_successor
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_unit_successor_u AFTER UPDATE ON unit_successor
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_unit_successor_d AFTER DELETE ON unit_successor
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_metric_i AFTER INSERT ON metric
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_metric_u AFTER UPDATE ON metric
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_metric_d AFTER DELETE ON metric
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_metric_value_i AFTER INSERT ON metric_value
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_metric_value_u AFTER UPDATE ON metric_value
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_metric_value_d AFTER DELETE ON metric_value
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_framework_i AFTER INSERT ON framework
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_framework_u AFTER UPDATE ON framework
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_framework_d AFTER DELETE ON framework
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_assessment_score_i AFTER INSERT ON assessment_score
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_assessment_score_u AFTER UPDATE ON assessment_score
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_assessment_score_d AFTER DELETE ON assessment_score
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_cycle_i AFTER INSERT ON cycle
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_cycle_u AFTER UPDATE ON cycle
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_cycle_d AFTER DELETE ON cycle
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_publication_i AFTER INSERT ON publication
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_publication_u AFTER UPDATE ON publication
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_publication_d AFTER DELETE ON publication
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_submission_i AFTER INSERT ON submission
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_submission_u AFTER UPDATE ON submission
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_submission_d AFTER DELETE ON submission
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_cycle_extension_i AFTER INSERT ON cycle_extension
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_cycle_extension_u AFTER UPDATE ON cycle_extension
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_cycle_extension_d AFTER DELETE ON cycle_extension
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_reply_i AFTER INSERT ON reply
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_reply_u AFTER UPDATE ON reply
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_reply_d AFTER DELETE ON reply
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_self_note_i AFTER INSERT ON self_note
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_self_note_u AFTER UPDATE ON self_note
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_self_note_d AFTER DELETE ON self_note
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_appraisal_reason_i AFTER INSERT ON appraisal_reason
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_appraisal_reason_u AFTER UPDATE ON appraisal_reason
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER live_version_appraisal_reason_d AFTER DELETE ON appraisal_reason
BEGIN UPDATE live_version SET n = n + 1 WHERE id = 1; END;
@END@
-- PostgreSQL: statement triggers (also on TRUNCATE).
@POSTGRES@
INSERT INTO live_version(id, tag, n)
  VALUES (1, md5(random()::text || clock_timestamp()::text || txid_current()::text), 1);
-- Once per transaction is enough (its commit shows all its writes at once):
-- a transaction-local setting remembers that this one has bumped it.
CREATE FUNCTION live_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('parindex.live_bumped', true) IS DISTINCT FROM txid_current()::text THEN
    UPDATE live_version SET n = n + 1 WHERE id = 1;
    PERFORM set_config('parindex.live_bumped', txid_current()::text, true);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER live_version_unit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_unit_successor AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit_successor
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_metric AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_metric_value AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_value
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_framework AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON framework
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_assessment_score AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assessment_score
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_cycle AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cycle
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_publication AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON publication
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_submission AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON submission
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_cycle_extension AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cycle_extension
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_reply AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reply
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_self_note AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON self_note
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
CREATE TRIGGER live_version_appraisal_reason AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON appraisal_reason
  FOR EACH STATEMENT EXECUTE FUNCTION live_version_bump();
@END@
