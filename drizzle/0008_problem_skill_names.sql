-- A problem's required skills in the form profiles store skill names (src/domain/skills.ts, normaliseSkillName):
-- rows saved before the problem form normalised them ("Netcode", "Level  Design") match nobody's profile. Names that
-- become one ("Netcode" and "netcode" on one problem) merge into one row at the higher minimum level, since the lead
-- asked for both; a name that normalises to nothing is dropped. skill_name() is registered on every connection by
-- openDb (src/db/client.ts).
CREATE TEMP TABLE `problem_required_skills_normalised` AS
SELECT `problem_id`, skill_name(`skill`) AS `skill`, max(`min_level`) AS `min_level`
FROM `problem_required_skills`
GROUP BY `problem_id`, skill_name(`skill`);
--> statement-breakpoint
DELETE FROM `problem_required_skills`;
--> statement-breakpoint
INSERT INTO `problem_required_skills` (`problem_id`, `skill`, `min_level`)
SELECT `problem_id`, `skill`, `min_level` FROM `problem_required_skills_normalised` WHERE `skill` <> '';
--> statement-breakpoint
DROP TABLE `problem_required_skills_normalised`;
