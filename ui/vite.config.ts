import { defineConfig } from "vitest/config";

// The UI is served by Tauri from ui/dist; locales/ and assets/fonts/ live at the repository root.
export default defineConfig({
  clearScreen: false,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    strictPort: true,
    fs: { allow: [".."] },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
