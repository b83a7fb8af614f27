// Light / dark / system theme, stored in localStorage and applied as <html data-theme>
// ("light" or "dark": with "system" it follows the system's setting as it changes).
import { useEffect, useState } from "preact/hooks";

const KEY = "nezuko.theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");

function stored() {
  try {
    const t = localStorage.getItem(KEY);
    return t === "light" || t === "dark" ? t : "system";
  } catch {
    return "system";
  }
}

let current = "system"; // the choice in effect on this page

function apply(choice) {
  current = choice;
  const dark = choice === "system" ? media.matches : choice === "dark";
  document.documentElement.dataset.theme = dark ? "dark" : "light";
  window.dispatchEvent(new Event("nezuko:theme"));
}

// With "system", follow the system's setting when it changes.
media.addEventListener("change", () => {
  if (current === "system") apply("system");
});

/** Whether the dark palette is in effect right now. */
export function isDark() {
  return document.documentElement.dataset.theme === "dark";
}

/** [choice, setChoice] where choice is "system", "light" or "dark". */
export function useTheme() {
  const [choice, setChoice] = useState(stored);
  useEffect(() => {
    apply(choice);
    try {
      if (choice === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }, [choice]);
  return [choice, setChoice];
}

/** Re-renders the caller when the effective theme changes (for charts drawn in JS). */
export function useDarkMode() {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const update = () => setDark(isDark());
    window.addEventListener("nezuko:theme", update);
    return () => window.removeEventListener("nezuko:theme", update);
  }, []);
  return dark;
}
