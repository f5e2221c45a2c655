/**
 * SQLite ranks the guide's candidates by FTS5's `bm25(guide_search, 4.0, 6.0, 1.0)` (title, keywords, body). This is
 * the same formula over guide_search_index, so both engines cut the same top 60 (ts_rank has no rarity and another
 * length normalisation, and would cut elsewhere). As FTS5 (fts5_aux.c) computes it, per query term:
 *   rarity = ln((N − n + 0.5) / (n + 0.5)), or 1e-6 when that is not positive,
 *   f      = 4 × occurrences in the title + 6 × in the keywords + 1 × in the body,
 *   score += rarity × f × (k1 + 1) / (f + k1 × (1 − b + b × length / mean length)),   k1 = 1.2, b = 0.75,
 * where N is the number of indexed rows, n those holding the term, and lengths count terms over all three fields.
 * FTS5 counts every row of its table for N, n and the mean, in force or not; so does this.
 */
const K1 = 1.2;
const B = 0.75;
const WEIGHT = { title: 4, keywords: 6, body: 1 } as const;

/**
 * The candidates in force on @asOf (inForce: the validity condition on alias v) holding any of the terms, best first,
 * at most @limit, with their version_id and bm25 score (as FTS5's bm25() but positive). @asked and @match: bm25Terms(…).
 */
export function bm25CandidatesSql(inForce: string): string {
  return `
    WITH asked AS (
      SELECT term, lexeme FROM json_to_recordset(@asked::json) AS a(term text, lexeme text)
    ), corpus AS (
      SELECT count(*)::float8 AS entries, sum(terms)::float8 / nullif(count(*), 0) AS mean_terms FROM guide_search_index
    ), rarity AS (
      SELECT a.term, CASE WHEN r.idf > 0 THEN r.idf ELSE 1e-6 END AS idf
        FROM asked a CROSS JOIN corpus c
        CROSS JOIN LATERAL (SELECT count(*)::float8 AS hits FROM guide_search_index s WHERE s.document @@ a.lexeme::tsquery) h
        CROSS JOIN LATERAL (SELECT ln((c.entries - h.hits + 0.5) / (h.hits + 0.5)) AS idf) r
    ), matched AS (
      SELECT v.entry_id, v.title, v.body, v.keywords, v.unit_id, v.url, v.valid_from, v.valid_to, v.version_id,
             s.title AS i_title, s.keywords AS i_keywords, s.body AS i_body, s.terms
        FROM guide_search_index s JOIN guide_entry_versions v ON v.version_id = s.version_id
       WHERE s.document @@ @match::tsquery AND ${inForce}
    ), frequency AS (
      SELECT m.version_id, t.term, sum(t.weight) AS f
        FROM matched m CROSS JOIN LATERAL (
               SELECT unnest(string_to_array(m.i_title, ' ')) AS term, ${WEIGHT.title}::float8 AS weight
               UNION ALL SELECT unnest(string_to_array(m.i_keywords, ' ')), ${WEIGHT.keywords}::float8
               UNION ALL SELECT unnest(string_to_array(m.i_body, ' ')), ${WEIGHT.body}::float8
             ) t
       WHERE t.term IN (SELECT term FROM asked)
       GROUP BY m.version_id, t.term
    ), scored AS (
      SELECT f.version_id,
             sum(r.idf * f.f * ${K1 + 1} / (f.f + ${K1} * (${1 - B} + ${B} * m.terms / c.mean_terms))) AS bm25
        FROM frequency f JOIN rarity r ON r.term = f.term JOIN matched m ON m.version_id = f.version_id CROSS JOIN corpus c
       GROUP BY f.version_id
    )
    SELECT m.version_id, m.entry_id, m.title, m.body, m.keywords, m.unit_id, m.url, m.valid_from, m.valid_to,
           m.i_title, m.i_keywords, m.i_body, scored.bm25
      FROM matched m JOIN scored USING (version_id)
     ORDER BY scored.bm25 DESC, m.version_id
     LIMIT @limit`;
}

/**
 * The query's parameters for the terms as SQLite's repository matches them: a double quote is dropped from a term
 * (FTS5's query quotes each), and a term left empty matches nothing there, so it is left out. Null when none is left.
 * @asked is a JSON list of each term with its one-lexeme tsquery, @match those tsqueries OR-ed.
 */
export function bm25Terms(terms: readonly string[]): { terms: string[]; asked: string; match: string } | null {
  const kept = terms.map((term) => term.replaceAll('"', '')).filter((term) => term !== '');
  if (kept.length === 0) return null;
  const asked = kept.map((term) => ({ term, lexeme: asLexemeQuery(term) }));
  return { terms: kept, asked: JSON.stringify(asked), match: asked.map((term) => term.lexeme).join(' | ') };
}

/** A tsquery of the term as one lexeme as it is (quoted: no operator or parser applies to it). */
function asLexemeQuery(term: string): string {
  return `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
