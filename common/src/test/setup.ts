// Before any test file imports the logger: one JSON line per request would drown jest's output.
process.env.LOG_LEVEL ??= 'silent';
