-- Full-text index over active people for /people search (src/db/repos/search.ts keeps it in step).
-- unicode61 with remove_diacritics 2 lets "Jose" find "José"; '+' and '#' are kept inside words so "c++" and "c#"
-- stay whole; the prefix indexes make the typed-so-far prefix queries of a live search cheap.
CREATE VIRTUAL TABLE `people_fts` USING fts5(
  person_id UNINDEXED,
  name,
  department,
  title,
  skills,
  interests,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '+#'",
  prefix = '2 3'
);
--> statement-breakpoint
INSERT INTO `people_fts` (person_id, name, department, title, skills, interests)
SELECT p.id, p.name, d.name, p.title,
  coalesce((SELECT group_concat(s.skill, ' ') FROM person_skills s WHERE s.person_id = p.id), ''),
  coalesce((SELECT group_concat(i.interest, ' ') FROM person_interests i WHERE i.person_id = p.id), '')
FROM people p JOIN departments d ON d.id = p.department_id
WHERE p.active = 1;
