-- A participant of a per-person survey (not anonymous) may leave an e-mail address on their grid
-- page, used only to remind them before the deadline with a link that reopens their grid
-- (issue [11]: « les relances vont à ceux qui n'ont pas terminé »). Lower-cased, checked as the
-- contacts' addresses are; NULL: none given (always NULL in an anonymous round). The reminders go
-- through an e-mail destination of its own (workspace_id = 'participant:<id>', reference =
-- {"participantId": …}), like a contact's, on the same outbox and delivery queue.
ALTER TABLE "survey_participants" ADD COLUMN "email" TEXT;
