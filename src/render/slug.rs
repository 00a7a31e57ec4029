//! Safe, distinct, deterministic file names for team, group and activity pages.

use std::collections::{BTreeMap, BTreeSet};

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "index",
];

fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The readable part of a stem: the name transliterated to ASCII by `deunicode` (any script: `Zürich` is
/// `zurich`, `Straße` `strasse`, `Платежи` `platezhi`, `日本` `ri-ben`), lowercased, every run of other
/// characters one `-`, at most 60 characters.
fn base(name: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(name, "-");
    let mut out = String::new();
    for c in ascii.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let t = out.trim_matches('-');
    t.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// Maps every name to a file-name stem: `[a-z0-9-]`, at most 69 characters, never reserved, never empty;
/// names that would collide (e.g. differing only in case or punctuation) get a hash suffix.
pub fn assign<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: BTreeSet<&str> = names.into_iter().collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for n in &names {
        *count.entry(base(n)).or_default() += 1;
    }
    let hashed = |b: &str, h: u32| format!("{b}{}{h:08x}", if b.is_empty() { "" } else { "-" });
    // A name may spell out another name's hashed stem (`payments-1a2b3c4d`): later ones are re-hashed.
    let mut used: BTreeSet<String> = BTreeSet::new();
    names
        .into_iter()
        .map(|n| {
            let b = base(n);
            let mut s = if b.is_empty() || RESERVED.contains(&b.as_str()) || count[&b] > 1 {
                hashed(&b, fnv(n))
            } else {
                b.clone()
            };
            let mut salt = 0u32;
            while !used.insert(s.clone()) {
                salt += 1;
                s = hashed(&b, fnv(&format!("{n}\u{0}{salt}")));
            }
            (n.to_string(), s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_become_safe_distinct_stems() {
        let names = [
            "Payments",
            "payments",
            "../../etc/passwd",
            "CON",
            "",
            "Zahlungsverkehr Ü",
            "<script>alert(1)</script>",
            "日本チーム",
            &"x".repeat(300),
        ];
        let m = super::assign(names.iter().copied());
        let stems: std::collections::BTreeSet<&String> = m.values().collect();
        assert_eq!(stems.len(), names.len(), "{m:?}");
        for s in m.values() {
            assert!(
                !s.is_empty()
                    && s.len() <= 69
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{s}"
            );
            assert_ne!(s, "con");
        }
        assert_eq!(m["Zahlungsverkehr Ü"], "zahlungsverkehr-u");
        // A name that spells out another name's hashed stem still gets its own file.
        let taken = m["Payments"].clone();
        let m2 = super::assign(["Payments", "payments", taken.as_str()]);
        let stems: std::collections::BTreeSet<&String> = m2.values().collect();
        assert_eq!(stems.len(), 3, "{m2:?}");
        assert_eq!(m2["Payments"], taken);
        assert_eq!(m["../../etc/passwd"], "etc-passwd");
    }

    /// Every script gets a readable stem; Latin names keep the stems they had before transliteration.
    #[test]
    fn names_in_any_script_get_readable_stems() {
        for (name, want) in [
            // Latin (unchanged by deunicode, except `ß`, formerly `s`).
            ("Payments Core", "payments-core"),
            ("Zahlungsverkehr Süd", "zahlungsverkehr-sud"),
            ("Équipe Sécurité", "equipe-securite"),
            ("Ærø Øst", "aero-ost"),
            ("Łódź", "lodz"),
            ("Straße", "strasse"),
            ("Señor Niño", "senor-nino"),
            // Cyrillic, Greek, CJK, Arabic, Hebrew, Hindi, Korean, emoji.
            ("Платежи", "platezhi"),
            ("Команда Безопасности", "komanda-bezopasnosti"),
            ("Ομάδα Πληρωμών", "omada-pleromon"),
            ("支付团队", "zhi-fu-tuan-dui"),
            ("日本チーム", "ri-ben-timu"),
            ("فريق الدفع", "fryq-ldf"),
            ("צוות תשלומים", "tsvvt-tshlvmym"),
            ("भुगतान टीम", "bhugtaan-ttiim"),
            ("결제 팀", "gyeolje-tim"),
            ("🚀 Launch", "rocket-launch"),
        ] {
            assert_eq!(super::base(name), want, "{name}");
        }
        // Names that transliterate alike are told apart by the collision handling.
        let m = super::assign(["Платежи", "Platezhi"]);
        assert_ne!(m["Платежи"], m["Platezhi"]);
        assert!(m["Платежи"].starts_with("platezhi-"), "{m:?}");
    }
}
