//! Deterministic fuzzing of the loaders on stable Rust, run by `cargo test`: the YAML files of every
//! fixture, the built-in site templates and catalogue files are mutated (bit flips, truncation, splicing,
//! YAML special characters, anchors, deep nesting) by a fixed-seed xorshift generator and fed to `maturity::commands::fuzz::fuzz_validate`, which must never panic.
//! Inputs that once crashed live in tests/fuzz-regressions/ and run first. The coverage-guided fuzzer is
//! in fuzz/ (`cargo +nightly fuzz run loaders`). `MATURITY_FUZZ_ITERS` and `MATURITY_FUZZ_SEED` override
//! the defaults; a failing input is saved to target/fuzz-failures/.

use std::path::{Path, PathBuf};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SPECIAL: &[&[u8]] = &[
    b":",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"!",
    b"!!str ",
    b"|",
    b">-",
    b"#",
    b"'",
    b"\"",
    b"\t",
    b"\n",
    b"\r\n",
    b"  ",
    b"? ",
    b"%YAML 1.2\n",
    b"---\n",
    b"...\n",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"~",
    b"null",
    b"true",
    b"2025-02-30",
    b"9999-12-31",
    b"0000-00-00",
    b"-1",
    b"1e400",
    b"100%",
    b"-5%",
    b"18446744073709551616",
    b"NaN",
    b".inf",
    b"\\u0000",
    b"\"\\x00\"",
    b"$ref",
    b"teams",
    b"progress",
    b"activities",
    b"evidence",
    b"not_applicable",
    b"Started",
    b"Fully implemented",
    b"[[[[[[[[",
    b"{a: {a: {a: ",
];

fn seeds(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            seeds(&p, out);
        } else if p.extension().is_some_and(|x| {
            ["yaml", "yml", "html", "typ", "css"]
                .iter()
                .any(|e| x == *e)
        }) {
            out.push(std::fs::read(&p).unwrap());
        }
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let at = |rng: &mut Rng, v: &Vec<u8>| rng.below(v.len() + 1);
    match rng.below(8) {
        0 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = at(rng, input);
            input.truncate(i);
        }
        2 => {
            let other = rng.pick(corpus);
            let (a, b) = (at(rng, other), at(rng, other));
            let chunk = other[a.min(b)..a.max(b)].to_vec();
            let i = at(rng, input);
            input.splice(i..i, chunk);
        }
        3 if !input.is_empty() => {
            let (a, b) = (at(rng, input), at(rng, input));
            input.drain(a.min(b)..a.max(b));
        }
        4 => {
            // Duplicate a line (duplicate keys, repeated entries).
            let lines: Vec<&[u8]> = input.split(|b| *b == b'\n').collect();
            let line = [rng.pick(&lines).to_vec(), b"\n".to_vec()].concat();
            let i = at(rng, input);
            input.splice(i..i, line);
        }
        _ => {
            let s = rng.pick(SPECIAL).to_vec();
            let i = at(rng, input);
            input.splice(i..i, s);
        }
    }
}

fn check(input: &[u8], what: &str, failures: &mut Vec<String>) {
    let ok = std::panic::catch_unwind(|| maturity::commands::fuzz::fuzz_validate(input)).is_ok();
    if !ok {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{what}.yaml"));
        std::fs::write(&path, input).unwrap();
        failures.push(path.display().to_string());
    }
}

#[test]
fn mutated_fixtures_never_panic_the_loaders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut regressions = Vec::new();
    seeds(&root.join("tests/fuzz-regressions"), &mut regressions);
    let mut corpus = Vec::new();
    seeds(&root.join("tests/fixtures"), &mut corpus);
    // Templates and catalogue files are input too (a user's templates folder, a catalogue folder).
    seeds(&root.join("templates/site"), &mut corpus);
    seeds(&root.join("catalog/build-and-deployment"), &mut corpus);
    assert!(corpus.len() > 20, "only {} seed files", corpus.len());
    let env = |k: &str, default: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let iterations = env("MATURITY_FUZZ_ITERS", 3000);
    let mut rng = Rng(env("MATURITY_FUZZ_SEED", 0x5eed_1234_abcd_0001) | 1);
    assert!(regressions.len() >= 2, "tests/fuzz-regressions is missing");
    let mut failures = Vec::new();
    for (i, r) in regressions.iter().enumerate() {
        check(r, &format!("regression-{i}"), &mut failures);
    }
    let start = std::time::Instant::now();
    for i in 0..iterations {
        let mut input = rng.pick(&corpus).clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut input, &corpus);
        }
        check(&input, &format!("case-{i}"), &mut failures);
    }
    eprintln!(
        "{iterations} mutated inputs in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "panics, inputs saved as:\n{}",
        failures.join("\n")
    );
}
