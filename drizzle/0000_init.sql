CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`problem_id` text,
	`month` text,
	`person_id` text,
	`detail` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_problem_idx` ON `audit_log` (`problem_id`);--> statement-breakpoint
CREATE TABLE `cabal_members` (
	`cabal_id` integer NOT NULL,
	`person_id` text NOT NULL,
	`tags` text NOT NULL,
	`why` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`cabal_id`, `person_id`),
	FOREIGN KEY (`cabal_id`) REFERENCES `cabals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cabal_members_person_idx` ON `cabal_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `cabals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`problem_id` text NOT NULL,
	`month` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`published_at` text,
	`published_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cabals_problem_month_unique` ON `cabals` (`problem_id`,`month`);--> statement-breakpoint
CREATE INDEX `cabals_month_idx` ON `cabals` (`month`);--> statement-breakpoint
CREATE TABLE `calendar_tokens` (
	`person_id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_tokens_token_unique` ON `calendar_tokens` (`token`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`department_id` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`grade` text DEFAULT '' NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`hr_source` text DEFAULT '' NOT NULL,
	`hr_updated_at` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`profile_updated_at` text,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_unique` ON `people` (`email`);--> statement-breakpoint
CREATE INDEX `people_department_idx` ON `people` (`department_id`);--> statement-breakpoint
CREATE TABLE `person_interests` (
	`person_id` text NOT NULL,
	`interest` text NOT NULL,
	PRIMARY KEY(`person_id`, `interest`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `person_interests_interest_idx` ON `person_interests` (`interest`);--> statement-breakpoint
CREATE TABLE `person_skills` (
	`person_id` text NOT NULL,
	`skill` text NOT NULL,
	`level` integer NOT NULL,
	PRIMARY KEY(`person_id`, `skill`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `person_skills_skill_idx` ON `person_skills` (`skill`);--> statement-breakpoint
CREATE TABLE `person_unavailable_months` (
	`person_id` text NOT NULL,
	`month` text NOT NULL,
	PRIMARY KEY(`person_id`, `month`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`problem_id` text NOT NULL,
	`month` text NOT NULL,
	`person_id` text NOT NULL,
	`mode` text NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pins_problem_month_person_unique` ON `pins` (`problem_id`,`month`,`person_id`);--> statement-breakpoint
CREATE TABLE `plan_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_by` integer,
	`started_at` text NOT NULL,
	`first_month` text NOT NULL,
	`months` integer NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`months_done` integer DEFAULT 0 NOT NULL,
	`result` text,
	`finished_at` text
);
--> statement-breakpoint
CREATE TABLE `problem_affected_departments` (
	`problem_id` text NOT NULL,
	`department_id` text NOT NULL,
	PRIMARY KEY(`problem_id`, `department_id`),
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `problem_affected_people` (
	`problem_id` text NOT NULL,
	`person_id` text NOT NULL,
	PRIMARY KEY(`problem_id`, `person_id`),
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `problem_required_skills` (
	`problem_id` text NOT NULL,
	`skill` text NOT NULL,
	`min_level` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`problem_id`, `skill`),
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `problems` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`lead_person_id` text,
	`size_min` integer DEFAULT 5 NOT NULL,
	`size_max` integer DEFAULT 7 NOT NULL,
	`min_affected` integer DEFAULT 2 NOT NULL,
	`min_outsiders` integer DEFAULT 2 NOT NULL,
	`min_departments` integer DEFAULT 3 NOT NULL,
	`carry_over_min` integer DEFAULT 2 NOT NULL,
	`carry_over_max` integer DEFAULT 4 NOT NULL,
	`start_month` text NOT NULL,
	`end_month` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`lead_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rotation_policy` (
	`id` integer PRIMARY KEY NOT NULL,
	`max_consecutive_months` integer DEFAULT 3 NOT NULL,
	`max_consecutive_months_on_problem` integer DEFAULT 3 NOT NULL,
	`weight_fairness` real DEFAULT 1 NOT NULL,
	`weight_freshness` real DEFAULT 1 NOT NULL,
	`weight_skill_fit` real DEFAULT 1 NOT NULL,
	`weight_network` real DEFAULT 1 NOT NULL,
	`updated_at` text,
	`updated_by` integer
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `user_roles` (
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_person_unique` ON `users` (`person_id`);