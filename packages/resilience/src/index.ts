// @sqlflow/resilience: Resilience policies for SQLFlow connectors: retry with full jitter and Retry-After, circuit breaker, timeouts, token-bucket rate limits, presets.
export {};
