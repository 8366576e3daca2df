//! Crate-level tests: see `tests/` for the proving and verification tests.
