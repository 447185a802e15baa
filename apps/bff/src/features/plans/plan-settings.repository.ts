import { DEFAULT_PLAN_SETTINGS, PlanSettingsSchema, type PlanSettings } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';

const SETTINGS_KEY = 'plans';

/** The approval rules an admin sets (table ralf.setting, key `plans`); defaults until then. */
export const planSettingsRepository = Object.freeze({
  async findSettings(db: Db): Promise<PlanSettings> {
    const r = await db.selectFrom('ralf.setting').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
    const parsed = PlanSettingsSchema.safeParse(r?.value);
    return parsed.success ? parsed.data : DEFAULT_PLAN_SETTINGS;
  },
  async saveSettings(db: Db, s: PlanSettings, by: string, at: Date): Promise<void> {
    await db
      .insertInto('ralf.setting')
      .values({ key: SETTINGS_KEY, value: JSON.stringify(s), updated_at: at, updated_by: by })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(s), updated_at: at, updated_by: by }))
      .execute();
  },
});
