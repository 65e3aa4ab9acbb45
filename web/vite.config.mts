import { defineConfig } from "vite";

// `vite build web` writes the app to web/dist, which Firebase Hosting serves.
// `vite build web --mode test` reads .env.test, which points the app at the
// emulator ports of firebase.test.json, and writes to lib/test/web, which the
// Hosting emulator of the test run serves. lib/ is ignored by git, ESLint,
// Prettier and the Functions deploy.
export default defineConfig(({ mode }) => ({
  build: {
    outDir: mode === "test" ? "../lib/test/web" : "dist",
    // The test output lies outside web/, where Vite does not empty by default.
    emptyOutDir: true,
    // OpenTok.js 2.35 alone is about 3 MB minified. It sits in its own chunk
    // that loads only when a broadcast is opened.
    chunkSizeWarningLimit: 3000,
  },
}));
