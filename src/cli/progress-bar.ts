/** A one-line progress bar for terminals; silent when the stream is not a TTY (logs, pipes, CI). */
export interface ProgressBar {
  update(label: string, done: number, total: number | undefined): void;
  done(): void;
}

/** Creates a progress bar writing to `stream` (standard error by default). */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(label, done, total) {
      const now = Date.now();
      if (now - last < 100 && (total === undefined || done < total)) return; // at most 10 redraws a second
      last = now;
      drawn = true;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      if (total && total > 0) {
        const share = Math.min(1, done / total);
        const filled = Math.round(share * width);
        stream.write(
          `\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${Math.round(share * 100)}% `,
        );
      } else stream.write(`\r${label} ${formatAmount(done)} `);
    },
    done() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}

function formatAmount(n: number): string {
  return n > 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n}`;
}
