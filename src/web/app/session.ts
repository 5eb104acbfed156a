import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Session } from "./api";

/** The signed-in caller, provided by the app shell. */
export const SessionContext = createContext<Session | null>(null);

/** The signed-in caller (pages render only inside a session). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("no session");
  return session;
}

/** Whether the caller may change things (triage, incidents): `write` and `admin` keys. */
export function canWrite(session: Session): boolean {
  return session.role === "write" || session.role === "admin";
}
