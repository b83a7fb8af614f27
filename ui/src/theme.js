// Light / dark / system theme, stored in localStorage and applied as <html data-theme>.
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

function apply(choice) {
  const root = document.documentElement;
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Whether the dark palette is in effect right now. */
export function isDark() {
  const t = document.documentElement.dataset.theme;
  return t ? t === "dark" : media.matches;
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
    window.dispatchEvent(new Event("nezuko:theme"));
  }, [choice]);
  return [choice, setChoice];
}

/** Re-renders the caller when the effective theme changes (for charts drawn in JS). */
export function useDarkMode() {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const update = () => setDark(isDark());
    window.addEventListener("nezuko:theme", update);
    media.addEventListener("change", update);
    return () => {
      window.removeEventListener("nezuko:theme", update);
      media.removeEventListener("change", update);
    };
  }, []);
  return dark;
}
