-- +goose Up
-- The parents a session or training was for (应到/邀请人数), when the
-- school knows it (an online session to a parents' group may not): the
-- attending are never more than the invited.
ALTER TABLE guidance_sessions
    ADD COLUMN invited int CHECK (invited BETWEEN 1 AND 100000),
    ADD CONSTRAINT guidance_sessions_attending_invited CHECK (invited IS NULL OR attending <= invited);

-- +goose Down
ALTER TABLE guidance_sessions DROP COLUMN invited;
