// The 404 page for unknown dashboard paths.
import { Link } from "../router";
import { Empty } from "../components/ui";

export function NotFound() {
  return (
    <div class="card">
      <Empty icon="alert" title="Page not found">
        <p>This page does not exist.</p>
        <Link href="/" class="btn btn-primary">
          Go to Overview
        </Link>
      </Empty>
    </div>
  );
}
