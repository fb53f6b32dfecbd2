-- The people search index in its searchable form (src/domain/people-search.ts, searchableText): each Chinese,
-- Japanese or Korean character is a word of its own, so "太郎" finds "山田太郎" from the middle of the name.
-- search_text() is registered on every connection by openDb (src/db/client.ts).
DELETE FROM `people_fts`;
--> statement-breakpoint
INSERT INTO `people_fts` (person_id, name, department, title, skills, interests)
SELECT p.id, search_text(p.name), search_text(d.name), search_text(p.title),
  search_text(coalesce((SELECT group_concat(s.skill, ' ') FROM person_skills s WHERE s.person_id = p.id), '')),
  search_text(coalesce((SELECT group_concat(i.interest, ' ') FROM person_interests i WHERE i.person_id = p.id), ''))
FROM people p JOIN departments d ON d.id = p.department_id
WHERE p.active = 1;
