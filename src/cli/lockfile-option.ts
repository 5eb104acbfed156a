// Kept for callers written before inventory-flags.ts; new code uses inventory-flags.ts.
export { parseLockfileFlag as parseLockfileOption } from "./inventory-flags.js";
