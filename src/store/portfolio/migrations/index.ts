import { initialMigration } from "./0001-initial.js";
import { clockMigration } from "./0002-clock.js";
import { incidentsMigration } from "./0003-incidents.js";
import { notificationsMigration } from "./0004-notifications.js";
import { rankingPoliciesMigration } from "./0005-ranking-policies.js";
import { settingsMigration } from "./0006-settings.js";
import { openFindingsByPackageMigration } from "./0007-open-findings-by-package.js";
import { clockPercentilesMigration } from "./0008-clock-percentiles.js";
import type { Migration } from "./migration.js";

export type { Migration } from "./migration.js";

/** Every migration this build knows, in order. Append new ones; never edit or renumber an applied one. */
export const MIGRATIONS: readonly Migration[] = [
  initialMigration,
  clockMigration,
  incidentsMigration,
  notificationsMigration,
  rankingPoliciesMigration,
  settingsMigration,
  openFindingsByPackageMigration,
  clockPercentilesMigration,
];

/** The newest schema version this build knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
