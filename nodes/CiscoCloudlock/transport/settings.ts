/**
 * Tunables of the transport. Tests lower the delays; nothing else should change them at run time.
 */
export const transportSettings = {
	/** Per-request timeout. */
	timeoutMs: 60_000,
	/** Retries after the first attempt for 429 / 502 / 503 / 504 / connection resets. */
	maxRetries: 5,
	/** First backoff step; doubles per attempt, with full jitter. */
	baseDelayMs: 500,
	/** Cap on one wait, whether computed or asked for by Retry-After. */
	maxDelayMs: 30_000,
	/** Cloudlock's documented maximum page size. */
	pageSize: 100,
	/** Return All stops with an error after this many pages (1,000,000 records). */
	maxPages: 10_000,
	/** Parallel requests a Return All or a bulk write may have in flight. */
	defaultConcurrency: 8,
	maxConcurrency: 16,
};
