-- The version of the studio's data: every write to a table the pages read (people, problems, cabals, pins, policy)
-- bumps it, in the writing transaction, whichever process or code path writes. Caches keep what they computed
-- with the version they computed it at, and recompute when it moves (src/services/studio-cache.ts).
CREATE TABLE `data_version` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `data_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `departments_insert_bumps_data_version` AFTER INSERT ON `departments` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `departments_update_bumps_data_version` AFTER UPDATE ON `departments` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `departments_delete_bumps_data_version` AFTER DELETE ON `departments` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `people_insert_bumps_data_version` AFTER INSERT ON `people` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `people_update_bumps_data_version` AFTER UPDATE ON `people` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `people_delete_bumps_data_version` AFTER DELETE ON `people` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_skills_insert_bumps_data_version` AFTER INSERT ON `person_skills` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_skills_update_bumps_data_version` AFTER UPDATE ON `person_skills` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_skills_delete_bumps_data_version` AFTER DELETE ON `person_skills` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_interests_insert_bumps_data_version` AFTER INSERT ON `person_interests` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_interests_update_bumps_data_version` AFTER UPDATE ON `person_interests` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_interests_delete_bumps_data_version` AFTER DELETE ON `person_interests` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_unavailable_months_insert_bumps_data_version` AFTER INSERT ON `person_unavailable_months` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_unavailable_months_update_bumps_data_version` AFTER UPDATE ON `person_unavailable_months` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `person_unavailable_months_delete_bumps_data_version` AFTER DELETE ON `person_unavailable_months` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problems_insert_bumps_data_version` AFTER INSERT ON `problems` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problems_update_bumps_data_version` AFTER UPDATE ON `problems` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problems_delete_bumps_data_version` AFTER DELETE ON `problems` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_affected_departments_insert_bumps_data_version` AFTER INSERT ON `problem_affected_departments` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_affected_departments_update_bumps_data_version` AFTER UPDATE ON `problem_affected_departments` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_affected_departments_delete_bumps_data_version` AFTER DELETE ON `problem_affected_departments` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_affected_people_insert_bumps_data_version` AFTER INSERT ON `problem_affected_people` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_affected_people_update_bumps_data_version` AFTER UPDATE ON `problem_affected_people` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_affected_people_delete_bumps_data_version` AFTER DELETE ON `problem_affected_people` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_required_skills_insert_bumps_data_version` AFTER INSERT ON `problem_required_skills` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_required_skills_update_bumps_data_version` AFTER UPDATE ON `problem_required_skills` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `problem_required_skills_delete_bumps_data_version` AFTER DELETE ON `problem_required_skills` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cabals_insert_bumps_data_version` AFTER INSERT ON `cabals` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cabals_update_bumps_data_version` AFTER UPDATE ON `cabals` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cabals_delete_bumps_data_version` AFTER DELETE ON `cabals` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cabal_members_insert_bumps_data_version` AFTER INSERT ON `cabal_members` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cabal_members_update_bumps_data_version` AFTER UPDATE ON `cabal_members` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cabal_members_delete_bumps_data_version` AFTER DELETE ON `cabal_members` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `pins_insert_bumps_data_version` AFTER INSERT ON `pins` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `pins_update_bumps_data_version` AFTER UPDATE ON `pins` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `pins_delete_bumps_data_version` AFTER DELETE ON `pins` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `rotation_policy_insert_bumps_data_version` AFTER INSERT ON `rotation_policy` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `rotation_policy_update_bumps_data_version` AFTER UPDATE ON `rotation_policy` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `rotation_policy_delete_bumps_data_version` AFTER DELETE ON `rotation_policy` BEGIN
	UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
