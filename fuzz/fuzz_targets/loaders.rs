//! Arbitrary bytes through the YAML tree parser and the validation of every input role (see `maturity::commands::fuzz`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    maturity::commands::fuzz::fuzz_validate(data);
});
