// The CLI's exit statuses, the same for every command, so that CI can tell a typo from a broken
// contract: 1 is only ever "the contract broke".
/** Everything held (or, for serve, a clean stop). */
export const EXIT_OK = 0;
/** The contract broke: a verify check failed, the proxy saw a violation, serve --fail-on-violations saw one. */
export const EXIT_CONTRACT_BROKEN = 1;
/** The command could not run: a usage error (unknown command or flag, missing or invalid value) or a start that failed. */
export const EXIT_CANNOT_RUN = 2;

/** The lines `--help` ends with. */
export const EXIT_STATUS_HELP = `Exit status (every command):
  0  all held
  1  the contract broke (a verify check failed, the proxy saw a violation, serve --fail-on-violations saw one)
  2  could not run: a usage error (unknown command or flag, missing or invalid value) or a failed start`;
