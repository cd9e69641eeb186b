import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Handler tests share nock's global interceptors: keep files isolated, not concurrent within a file.
    pool: "forks",
  },
});
