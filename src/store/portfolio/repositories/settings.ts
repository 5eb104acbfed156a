import { checkText, type StoreContext } from "../context.js";
import type { SettingRepository } from "../ports.js";

/** Server-wide settings: one row per name, written once. */
export class SqlSettingRepository implements SettingRepository {
  constructor(private readonly ctx: StoreContext) {}

  async getOrCreate(name: string, create: () => string): Promise<string> {
    checkText("a setting name", name, { max: 128 });
    const read = () =>
      this.ctx.db.selectFrom("server_settings").select("value").where("name", "=", name).executeTakeFirst();
    const existing = await read();
    if (existing) return existing.value;
    // Another instance may insert first: keep its value, then read whichever won.
    await this.ctx.db
      .insertInto("server_settings")
      .values({ name, value: create() })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    const stored = await read();
    if (!stored) throw new Error(`setting ${name} vanished after it was written`);
    return stored.value;
  }
}
