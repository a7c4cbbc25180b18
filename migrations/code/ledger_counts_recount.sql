-- ledger_counts_recount rewrites every row from the ledger tables.
CREATE OR REPLACE FUNCTION ledger_counts_recount() RETURNS void LANGUAGE sql AS $$
    DELETE FROM ledger_counts;
    INSERT INTO ledger_counts (class_id, school_id, problems, entries, pending, following, resolved, referred)
    SELECT c.id, c.school_id, coalesce(p.n, 0), coalesce(l.entries, 0), coalesce(l.pending, 0), coalesce(l.following, 0),
           coalesce(l.resolved, 0), coalesce(l.referred, 0)
    FROM classes c
    LEFT JOIN (SELECT class_id, count(*)::int AS n FROM ledger_visits GROUP BY class_id) p ON p.class_id = c.id
    LEFT JOIN (
        SELECT class_id, count(*)::int AS entries,
               count(*) FILTER (WHERE status = 'open')::int AS pending,
               count(*) FILTER (WHERE status = 'following')::int AS following,
               count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
               count(*) FILTER (WHERE status = 'referred')::int AS referred
        FROM ledger_entries GROUP BY class_id
    ) l ON l.class_id = c.id
    WHERE p.n IS NOT NULL OR l.entries IS NOT NULL;
$$;
