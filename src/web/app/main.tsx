import { render } from "preact";
import { App } from "./app";
import { applyInitialTheme } from "./theme";
import "./styles.css";

applyInitialTheme();
const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
