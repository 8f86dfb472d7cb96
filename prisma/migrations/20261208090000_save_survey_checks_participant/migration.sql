-- A participant's save on the day (the web's hot path) in one statement with its check: the
-- participant of the signed session must still be that event's (p_event: the event code of the
-- page) — a second query before each save until now. Their label in the history is their name,
-- unless the round is anonymous. p_event is NULL for members and contacts (checked before).
-- New refusal: {"refused": "participant"} (not, or no longer, a participant of this event).
DROP FUNCTION IF EXISTS "concerto_save_survey"(
  UUID, UUID, UUID, UUID, INT[], INT[], TEXT[], INT[], BOOLEAN, UUID, TEXT, TEXT, TIMESTAMPTZ);

CREATE FUNCTION "concerto_save_survey"(
  p_tenant UUID,
  p_round UUID,
  p_organisation UUID,
  p_participant UUID,
  p_levels INT[],
  p_questions INT[],
  p_texts TEXT[],
  p_ratings INT[],
  p_finish BOOLEAN,
  p_member UUID,
  p_label TEXT,
  p_channel TEXT,
  p_now TIMESTAMPTZ,
  p_event TEXT
) RETURNS JSONB
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  r RECORD;
  v_response UUID;
  v_finished TIMESTAMPTZ;
  v_changed INT := 0;
  v_n INT;
  v_label TEXT := p_label;
  v_name TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('concerto.round'), hashtext(p_round::text));
  SELECT number, status, deadline, kind, anonymous, event_code INTO r
    FROM rounds WHERE id = p_round AND tenant_id = p_tenant;
  IF NOT FOUND OR r.kind <> 'survey' THEN
    RETURN jsonb_build_object('refused', 'not_found');
  END IF;
  IF p_event IS NOT NULL THEN
    SELECT name INTO v_name FROM survey_participants
     WHERE id = p_participant AND round_id = p_round;
    IF NOT FOUND OR r.event_code IS DISTINCT FROM p_event THEN
      RETURN jsonb_build_object('refused', 'participant');
    END IF;
    v_label := CASE WHEN r.anonymous THEN NULL ELSE COALESCE(p_label, v_name) END;
  END IF;
  IF r.status <> 'open' THEN
    RETURN jsonb_build_object('refused', r.status::text, 'number', r.number);
  END IF;
  IF p_now >= r.deadline THEN
    RETURN jsonb_build_object('refused', 'past', 'number', r.number);
  END IF;

  IF p_organisation IS NOT NULL THEN
    INSERT INTO survey_responses (id, tenant_id, round_id, organisation_id, created_at, updated_at)
    VALUES (gen_random_uuid(), p_tenant, p_round, p_organisation, p_now, p_now)
    ON CONFLICT (round_id, organisation_id) DO UPDATE SET updated_at = EXCLUDED.updated_at
    RETURNING id, finished_at INTO v_response, v_finished;
  ELSE
    INSERT INTO survey_responses (id, tenant_id, round_id, participant_id, created_at, updated_at)
    VALUES (gen_random_uuid(), p_tenant, p_round, p_participant, p_now, p_now)
    ON CONFLICT (participant_id) DO UPDATE SET updated_at = EXCLUDED.updated_at
    RETURNING id, finished_at INTO v_response, v_finished;
  END IF;

  WITH given AS (
    SELECT * FROM unnest(p_levels, p_questions, p_texts, p_ratings) AS g(l, q, t, rt)
  ), kept AS (
    INSERT INTO survey_cells (response_id, level, question, text, rating, updated_at)
    SELECT v_response, l, q, t, rt, p_now FROM given WHERE t <> '' OR rt IS NOT NULL
    ON CONFLICT (response_id, level, question) DO UPDATE
      SET text = EXCLUDED.text, rating = EXCLUDED.rating, updated_at = EXCLUDED.updated_at
      WHERE survey_cells.text IS DISTINCT FROM EXCLUDED.text
         OR survey_cells.rating IS DISTINCT FROM EXCLUDED.rating
    RETURNING level, question, text, rating
  ), cleared AS (
    DELETE FROM survey_cells c USING given g
     WHERE c.response_id = v_response AND c.level = g.l AND c.question = g.q
       AND g.t = '' AND g.rt IS NULL
    RETURNING c.level, c.question
  ), changed AS (
    SELECT level, question, text, rating FROM kept
    UNION ALL SELECT level, question, '', NULL::int FROM cleared
  ), logged AS (
    INSERT INTO survey_cell_history
      (id, response_id, level, question, text, rating, given_by_member_id, given_by_label, channel, saved_at)
    SELECT gen_random_uuid(), v_response, level, question, text, rating, p_member, v_label, p_channel, p_now
      FROM changed
    RETURNING 1
  )
  SELECT count(*) INTO v_n FROM logged;
  v_changed := v_n;

  IF p_finish IS TRUE THEN
    UPDATE survey_responses SET finished_at = p_now WHERE id = v_response;
    v_finished := p_now;
  ELSIF p_finish IS FALSE THEN
    UPDATE survey_responses SET finished_at = NULL WHERE id = v_response;
    v_finished := NULL;
  END IF;

  RETURN jsonb_build_object(
    'number', r.number,
    'changed', v_changed,
    'finishedAt', v_finished,
    'cells', COALESCE((
      SELECT jsonb_agg(jsonb_build_array(level, question, text, rating) ORDER BY level, question)
        FROM survey_cells WHERE response_id = v_response), '[]'::jsonb)
  );
END;
$$;
