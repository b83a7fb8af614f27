// Vite builds the dashboard into ../pb_public, which main.go embeds into the binary.
// JSX is compiled by esbuild for Preact (no Babel), so the build stays small and fast.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  resolve: {
    alias: { react: "preact/compat", "react-dom": "preact/compat" },
  },
  build: {
    outDir: "../pb_public",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 300,
  },
  server: {
    proxy: { "/api": { target: "http://127.0.0.1:8090", ws: true } },
  },
});
