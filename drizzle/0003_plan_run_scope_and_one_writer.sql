ALTER TABLE `plan_runs` ADD `scope` text;--> statement-breakpoint
CREATE UNIQUE INDEX `plan_runs_one_running` ON `plan_runs` (`status`) WHERE status = 'running';