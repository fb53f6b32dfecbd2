ALTER TABLE `plan_runs` ADD `owner` text;--> statement-breakpoint
ALTER TABLE `plan_runs` ADD `heartbeat_at` text;