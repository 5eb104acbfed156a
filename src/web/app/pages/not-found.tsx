import { Link, PageFrame } from "../ui";

export function NotFoundPage() {
  return (
    <PageFrame name="not-found" title="Page not found" busy={false}>
      <p>
        There is no such page. Go to the <Link href="/">portfolio</Link>.
      </p>
    </PageFrame>
  );
}
