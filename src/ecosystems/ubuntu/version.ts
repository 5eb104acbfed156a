// Ubuntu packages are versioned by dpkg, exactly as Debian's.
export { versions } from "../debian/version.js";
