-- The vote's SQL refuses exactly what the domain refuses (test/integration/cast-avis-sql-rule.test.ts):
--
-- 1. concerto_cast_avis refuses an avis on no enjeu, or on an enjeu that is not one of the
--    round's draft version (another version's, or none): the caller validates the avis first
--    (domain/avis.ts), and the function no longer trusts it to. Refusal: {"unknownEnjeu": true}.
-- 2. concerto_cast_avis_as lets partners only give their organisation's avis, as
--    domain/roles.ts (castsOrganisationAvis) says: a pilot who belongs to an organisation was
--    let through (the function only refused observers).
--
-- Both functions are replaced whole; only the lines marked « domain rule » change.
CREATE OR REPLACE FUNCTION "concerto_cast_avis"(
  p_tenant UUID,
  p_round UUID,
  p_organisation UUID,
  p_cast_by_member UUID,
  p_cast_by_label TEXT,
  p_channel "avis_channel",
  p_actor_may_cast BOOLEAN,
  p_now TIMESTAMPTZ,
  p_enjeux UUID[],
  p_choices TEXT[],
  p_comments TEXT[],
  p_action TEXT,
  p_actor_member UUID,
  p_actor TEXT,
  p_claim TEXT
) RETURNS JSONB
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  r RECORD;
  v_saved JSONB;
  v_progress JSONB;
  v_channels JSONB;
  v_deliveries JSONB;
BEGIN
  -- A shared lock on the round for the rest of the transaction: a close, a new deadline or a
  -- cancellation (lockRoundContext) takes it exclusively, so it waits for the votes in flight
  -- and the votes after it see the new state. An advisory lock rather than FOR SHARE on the
  -- row: FOR SHARE writes the locker into the row, and concurrent lockers of one row (every
  -- vote of a round) make a new MultiXact each time; the advisory lock lives in memory only.
  -- (bench/slack.ts: Concerto 30% -> 39% of the bare server's throughput with this change.)
  PERFORM pg_advisory_xact_lock_shared(hashtext('concerto.round'), hashtext(p_round::text));
  SELECT rd."number", rd."status"::text AS status, rd."deadline", rd."silence_means_favorable",
         rd."draft_version_id", -- domain rule: the enjeux of the round
         t."timezone",
         EXISTS (SELECT 1 FROM "invitations" i
                 WHERE i."round_id" = rd."id" AND i."organisation_id" = p_organisation) AS invited,
         (SELECT o."name" FROM "organisations" o
          WHERE o."id" = p_organisation AND o."tenant_id" = p_tenant) AS organisation_name
    INTO r
    FROM "rounds" rd JOIN "tenants" t ON t."id" = rd."tenant_id"
   WHERE rd."id" = p_round AND rd."tenant_id" = p_tenant;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('found', false);
  END IF;
  -- The same conditions as assertCanCast (src/domain/round.ts), which words the refusal.
  IF NOT (r.invited AND p_actor_may_cast AND r.status = 'open' AND p_now < r."deadline") THEN
    RETURN jsonb_build_object('found', true, 'saved', false, 'status', r.status,
                              'deadline', r."deadline", 'invited', r.invited,
                              'actorMayCast', p_actor_may_cast);
  END IF;
  -- Domain rule: an avis on at least one enjeu, every one of the round's draft version
  -- (domain/avis.ts: validateAvis).
  IF coalesce(cardinality(p_enjeux), 0) = 0 OR EXISTS (
       SELECT 1 FROM unnest(p_enjeux) AS v(enjeu_id)
        WHERE NOT EXISTS (SELECT 1 FROM "enjeux" e
                           WHERE e."id" = v.enjeu_id
                             AND e."draft_version_id" = r."draft_version_id")) THEN
    RETURN jsonb_build_object('found', true, 'saved', false, 'unknownEnjeu', true,
                              'status', r.status, 'deadline', r."deadline",
                              'invited', r.invited, 'actorMayCast', p_actor_may_cast);
  END IF;
  -- The request, once: a second one with the same key (a replay) finds it and writes nothing.
  IF p_claim IS NOT NULL THEN
    INSERT INTO "request_claims" ("key") VALUES (p_claim) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RETURN jsonb_build_object('found', true, 'saved', false, 'duplicate', true);
    END IF;
  END IF;

  -- Rows are taken in enjeu order, so two concurrent multi-enjeu votes never deadlock; each
  -- vote appends its own revision to the history.
  WITH v AS (
    SELECT * FROM unnest(p_enjeux, p_choices, p_comments) AS v(enjeu_id, choice, comment)
  ), up AS (
    INSERT INTO "avis" ("id", "tenant_id", "round_id", "enjeu_id", "organisation_id", "choice",
                        "comment", "cast_by_member_id", "cast_by_label", "channel", "revision",
                        "cast_at")
    SELECT gen_random_uuid(), p_tenant, p_round, v.enjeu_id, p_organisation,
           v.choice::"avis_choice", v.comment, p_cast_by_member, p_cast_by_label, p_channel, 1,
           p_now
      FROM v ORDER BY v.enjeu_id
    ON CONFLICT ("round_id", "enjeu_id", "organisation_id") DO UPDATE SET
      "choice" = EXCLUDED."choice", "comment" = EXCLUDED."comment",
      "cast_by_member_id" = EXCLUDED."cast_by_member_id",
      "cast_by_label" = EXCLUDED."cast_by_label", "channel" = EXCLUDED."channel",
      "cast_at" = EXCLUDED."cast_at", "revision" = "avis"."revision" + 1
    RETURNING "id", "enjeu_id", "choice", "comment", "revision"
  ), hist AS (
    INSERT INTO "avis_history" ("id", "tenant_id", "avis_id", "revision", "choice", "comment",
                                "cast_by_member_id", "cast_by_label", "channel", "cast_at")
    SELECT gen_random_uuid(), p_tenant, up."id", up."revision", up."choice", up."comment",
           p_cast_by_member, p_cast_by_label, p_channel, p_now
      FROM up
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object('enjeuId', up."enjeu_id",
                                               'choice', up."choice",
                                               'revision', up."revision")), '[]'::jsonb)
    INTO v_saved FROM up;

  INSERT INTO "audit_events" ("tenant_id", "actor_member_id", "actor", "action", "subject_type",
                              "subject_id", "data")
  VALUES (p_tenant, p_actor_member, p_actor, p_action, 'round', p_round::text,
          jsonb_build_object('organisationId', p_organisation, 'avis', v_saved));

  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'enjeuId', a."enjeu_id", 'choice', a."choice", 'comment', a."comment",
           'byName', coalesce(m."display_name", a."cast_by_label", '—'),
           'at', a."cast_at", 'channel', a."channel")), '[]'::jsonb)
    INTO v_progress
    FROM "avis" a LEFT JOIN "members" m ON m."id" = a."cast_by_member_id"
   WHERE a."round_id" = p_round AND a."organisation_id" = p_organisation;

  -- Each active destination of the organisation that received the invitation (exact dedupe
  -- key: the unique index answers). The progress update carries no rendered message: the
  -- worker renders the organisation's progress as it is when the update is sent.
  WITH targets AS (
    SELECT d."id" AS destination_id, inv."id" AS invitation_id, d."platform"::text AS platform,
           d."workspace_id", d."address"
      FROM "destinations" d
      JOIN "deliveries" inv ON inv."dedupe_key" = 'round:' || p_round::text || ':invite:' || d."id"::text
     WHERE d."organisation_id" = p_organisation AND d."tenant_id" = p_tenant AND d."active"
  ), queued AS (
    INSERT INTO "deliveries" ("id", "tenant_id", "destination_id", "dedupe_key", "kind",
                              "payload", "updates_delivery_id")
    SELECT gen_random_uuid(), p_tenant, t.destination_id,
           'round:' || p_round::text || ':progress:' || t.destination_id::text || ':' || gen_random_uuid()::text,
           'round.progress',
           jsonb_build_object('live', 'round.progress', 'tenantId', p_tenant,
                              'roundId', p_round, 'organisationId', p_organisation),
           t.invitation_id
      FROM targets t
    ON CONFLICT ("updates_delivery_id") WHERE "kind" = 'round.progress' AND "status" = 'pending'
    DO NOTHING
    RETURNING "id"
  )
  SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('platform', t.platform,
                                                       'workspaceId', t."workspace_id",
                                                       'address', t."address")), '[]'::jsonb)
            FROM targets t),
         (SELECT coalesce(jsonb_agg(q."id"), '[]'::jsonb) FROM queued q)
    INTO v_channels, v_deliveries;

  RETURN jsonb_build_object(
    'found', true, 'saved', true,
    'number', r."number", 'status', r.status, 'deadline', r."deadline",
    'silenceMeansFavorable', r."silence_means_favorable", 'timezone', r."timezone",
    'organisationName', coalesce(r.organisation_name, ''),
    'avis', v_saved, 'answered', v_progress, 'channels', v_channels,
    'deliveryIds', v_deliveries);
END
$$;

CREATE OR REPLACE FUNCTION "concerto_cast_avis_as"(
  p_tenant UUID,
  p_round UUID,
  p_platform "platform",
  p_workspace TEXT,
  p_user TEXT,
  p_channel "avis_channel",
  p_now TIMESTAMPTZ,
  p_enjeux UUID[],
  p_choices TEXT[],
  p_comments TEXT[],
  p_claim TEXT
) RETURNS JSONB
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  m RECORD;
BEGIN
  SELECT mb."id", mb."role"::text AS role, mb."display_name", mb."organisation_id"
    INTO m
    FROM "platform_identities" pi JOIN "members" mb ON mb."id" = pi."member_id"
   WHERE pi."tenant_id" = p_tenant AND pi."platform" = p_platform
     AND pi."workspace_id" = p_workspace AND pi."user_id" = p_user;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('member', false);
  END IF;
  IF m."organisation_id" IS NULL THEN
    RETURN jsonb_build_object('member', true, 'organisation', false);
  END IF;
  -- Domain rule: partners only give their organisation's avis (domain/roles.ts).
  RETURN concerto_cast_avis(p_tenant, p_round, m."organisation_id", m."id", m."display_name",
                            p_channel, m.role = 'partner', p_now, p_enjeux, p_choices,
                            p_comments, 'avis.cast', m."id", m."display_name", p_claim)
         || jsonb_build_object('member', true, 'organisation', true, 'memberId', m."id",
                               'organisationId', m."organisation_id");
END
$$;
