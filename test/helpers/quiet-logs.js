'use strict';
// n8n-core's ErrorReporter logs every failed node through the n8n Logger, whose level comes from
// N8N_LOG_LEVEL when the Logger is first built. Tests provoke failures on purpose; keep them quiet
// unless the person running the tests asks for logs (N8N_LOG_LEVEL=debug npx jest ...).
if (!process.env.N8N_LOG_LEVEL) process.env.N8N_LOG_LEVEL = 'silent';
