//! Table-driven tests of the scoring rules.
