import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Handler tests share nock's global interceptors: keep files isolated, not concurrent within a file.
    pool: "forks",
    // The app's own account in every test's GitHub answers (test/helpers/github-responses.ts APP_USER).
    env: { POSTMORTEM_BOT_LOGIN: "postmortem-bot[bot]" },
  },
});
