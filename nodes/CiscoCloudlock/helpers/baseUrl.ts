/**
 * Turns whatever a user pasted as the tenant's API URL into `https://host[/path]/api/v2`.
 * Kept equivalent to the expression in the credential's test request.
 */
export function normalizeBaseUrl(raw: unknown): string {
	const trimmed = String(raw ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(trimmed)) {
		throw new Error(
			'The Base URL must be a web address starting with https:// (the API URL Cloudlock support gave your tenant)',
		);
	}
	return /\/api\/v2$/i.test(trimmed) ? trimmed : `${trimmed}/api/v2`;
}
