// The pages seldom opened first are separate chunks, loaded when first shown (a few
// KB, cached for good: hashed names), so starting the dashboard parses only the shell
// and the pages it opens most.
import { useEffect, useState } from "preact/hooks";
import { Skeleton, ErrorBox } from "./components/ui";

/**
 * A page component loaded on first use: load() imports its module, name is the
 * component's export. While the chunk loads it shows a skeleton; a failed load shows
 * the error with a retry.
 */
export function lazyPage(load, name) {
  let Page = null;
  let pending = null;
  const fetchPage = () => {
    if (!pending) {
      pending = load().then(
        (m) => (Page = m[name]),
        (err) => {
          pending = null;
          throw err;
        },
      );
    }
    return pending;
  };
  function Lazy(props) {
    if (!Page) fetchPage().catch(() => {}); // asked at once; the effect below waits for it
    const [error, setError] = useState(null);
    const [, setLoaded] = useState(false);
    useEffect(() => {
      if (error) return;
      // Also when Page is set: it may have arrived (asked by another render) after this one.
      let live = true;
      fetchPage().then(
        () => live && setLoaded(true),
        (err) => live && setError(err),
      );
      return () => (live = false);
    }, [error]);
    if (Page) return <Page {...props} />;
    return error ? <ErrorBox error={error} onRetry={() => setError(null)} prefix="Could not load this page:" /> : <Skeleton lines={4} />;
  }
  return Lazy;
}
