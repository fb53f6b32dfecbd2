-- Every session of an account ends the moment the account is disabled or the HR import deactivates its person
-- (they left), whoever writes the change; re-enabling later does not bring an old cookie back.
CREATE TRIGGER `sessions_end_when_account_disabled`
AFTER UPDATE OF `disabled` ON `users`
WHEN NEW.`disabled` AND NOT OLD.`disabled`
BEGIN
  DELETE FROM `sessions` WHERE `user_id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sessions_end_when_person_leaves`
AFTER UPDATE OF `active` ON `people`
WHEN NOT NEW.`active` AND OLD.`active`
BEGIN
  DELETE FROM `sessions` WHERE `user_id` IN (SELECT `id` FROM `users` WHERE `person_id` = NEW.`id`);
END;
