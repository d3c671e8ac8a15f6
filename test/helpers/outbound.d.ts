/** Starts recording the URL of every HTTP(S) request the process opens (idempotent). */
export function startRecording(): void;
export function stopRecording(): void;
/** Absolute URLs (with query) of the requests opened since the last clear. */
export function outboundUrls(): string[];
export function clearOutbound(): void;
