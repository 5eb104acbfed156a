import { notificationStoreContract } from "../testing/notify-store-contract.js";
import { MemoryNotificationStore } from "./memory-store.js";

notificationStoreContract("memory", async () => ({ store: new MemoryNotificationStore() }));
