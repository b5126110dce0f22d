"""bantin.dev: benchmarks, synthetic sites, audits and the static test server (not used by a build)."""
