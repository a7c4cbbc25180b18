-- ledger_counts_add adds problems and entries of a status (negative to
-- subtract) to a class's row. An update first: an insert would check the
-- constraints on the proposed row before seeing the conflict.
CREATE OR REPLACE FUNCTION ledger_counts_add(p_class bigint, p_problems integer, p_entries integer, p_status text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_counts SET
        problems = problems + p_problems, entries = entries + p_entries,
        pending = pending + CASE WHEN p_status = 'open' THEN p_entries ELSE 0 END,
        following = following + CASE WHEN p_status = 'following' THEN p_entries ELSE 0 END,
        resolved = resolved + CASE WHEN p_status = 'resolved' THEN p_entries ELSE 0 END,
        referred = referred + CASE WHEN p_status = 'referred' THEN p_entries ELSE 0 END
    WHERE class_id = p_class;
    IF NOT FOUND THEN
        INSERT INTO ledger_counts AS lc (class_id, school_id, problems, entries, pending, following, resolved, referred)
        VALUES (p_class, (SELECT school_id FROM classes WHERE id = p_class), p_problems, p_entries,
                CASE WHEN p_status = 'open' THEN p_entries ELSE 0 END,
                CASE WHEN p_status = 'following' THEN p_entries ELSE 0 END,
                CASE WHEN p_status = 'resolved' THEN p_entries ELSE 0 END,
                CASE WHEN p_status = 'referred' THEN p_entries ELSE 0 END)
        ON CONFLICT (class_id) DO UPDATE SET
            problems = lc.problems + excluded.problems, entries = lc.entries + excluded.entries,
            pending = lc.pending + excluded.pending, following = lc.following + excluded.following,
            resolved = lc.resolved + excluded.resolved, referred = lc.referred + excluded.referred;
    END IF;
END;
$$;
