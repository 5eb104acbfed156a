import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scriptDependencies } from "./shell-dependencies.js";
import { parseShell } from "./shell-words.js";

describe("parseShell", () => {
  it("splits statements and pipelines, keeps lines, drops sudo and leading assignments", () => {
    const [first, second] = parseShell("sudo curl -s x | bash\nCGO_ENABLED=0 go build ./...\n");
    assert.deepEqual(
      first.map((c) => c.words),
      [["curl", "-s", "x"], ["bash"]],
    );
    assert.deepEqual(second[0].words, ["go", "build", "./..."]);
    assert.equal(second[0].line, 2);
  });
  it("joins backslash continuations and counts their lines", () => {
    const [a, b] = parseShell("pip install \\\n  x \\\n  y\nnpm ci\n");
    assert.deepEqual(a[0].words, ["pip", "install", "x", "y"]);
    assert.equal(b[0].line, 4);
  });
  it("stdout redirections are download targets; stderr and fd duplications are not", () => {
    assert.equal(parseShell("curl -o /tmp/x https://e.org/x 2>/dev/null")[0][0].redirectTo, undefined);
    assert.equal(parseShell("curl https://e.org/x 2>&1 > /tmp/y")[0][0].redirectTo, "/tmp/y");
    assert.equal(parseShell("curl https://e.org/x 1>/tmp/z")[0][0].redirectTo, "/tmp/z");
  });
  it("here-document bodies are data, not commands", () => {
    const statements = parseShell("cat <<'EOF' > /tmp/doc\ncurl https://e.org | sh\nEOF\necho done\n");
    assert.deepEqual(
      statements.map((p) => p[0].words[0]),
      ["cat", "echo"],
    );
    assert.equal(statements[1][0].line, 4);
    assert.deepEqual(scriptDependencies("cat <<EOF\ncurl x | bash\nEOF\n"), []);
  });
  it("words with expansions are not literal; process and command substitutions are collected", () => {
    const [[cmd]] = parseShell('bash <(curl -s https://e.org/i.sh) "$HOME" $(wget -qO- x)');
    assert.deepEqual(cmd.words, ["bash"]);
    assert.deepEqual(cmd.processSubstitutions, ["curl -s https://e.org/i.sh"]);
    assert.deepEqual(cmd.commandSubstitutions, ["wget -qO- x"]);
  });
  it("download-then-run forms", () => {
    const kinds = (s: string) => scriptDependencies(s).map((d) => `${d.type}:${d.pinned}`);
    assert.deepEqual(kinds("curl -fsSL https://e.org/i.sh | sudo bash"), ["downloadThenRun:false"]);
    assert.deepEqual(kinds("bash <(curl -s https://e.org/i.sh)"), ["downloadThenRun:false"]);
    assert.deepEqual(kinds('sh -c "$(curl -fsSL https://e.org/i.sh)"'), ["downloadThenRun:false"]);
    assert.deepEqual(kinds("curl -o /tmp/x https://e.org/x 2>/dev/null && bash /tmp/x"), [
      "downloadThenRun:false",
    ]);
    assert.deepEqual(kinds(`curl -sSL https://raw.githubusercontent.com/o/r/${"a".repeat(40)}/i.sh | bash`), [
      "downloadThenRun:true",
    ]);
    assert.deepEqual(kinds("curl -s https://e.org/x | grep y"), []);
  });
  it("unterminated quotes and substitutions do not throw", () => {
    for (const bad of ["echo 'unterminated", 'echo "x', "echo $(curl", "cat <<EOF\nno end", "`", "\\"]) {
      assert.doesNotThrow(() => scriptDependencies(bad));
    }
  });
});
