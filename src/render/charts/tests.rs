//! Tests of the charts: valid, escaped, deterministic SVG for normal and degenerate input.

use super::*;

const EVIL: &str = "<script>alert('x')</script> & \"q\"";
const ESCAPED: &str = "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;";

fn s(v: &str) -> String {
    v.to_string()
}

fn dims() -> Vec<String> {
    [
        "Build and Deployment",
        "Culture and Organization",
        "Implementation",
        "Information Gathering",
        "Test and Verification",
    ]
    .map(s)
    .to_vec()
}

/// Structural checks shared by all charts.
fn check(svg: &str, title: &str) {
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"));
    let open = &svg[..svg.find('>').unwrap()];
    assert!(
        open.contains("role=\"img\"")
            && open.contains("viewBox=\"0 0 ")
            && open.contains("aria-labelledby=\"chart-")
    );
    let id = open
        .split("aria-labelledby=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(svg.contains(&format!(
        "<title id=\"{id}\">{}</title>",
        text::escape(title)
    )));
    assert!(svg.contains("<desc id="));
    assert!(!svg.contains("<script"), "raw label leaked");
    assert!(
        !svg.contains("sans-serif\"") || svg.contains("font-family=\"DejaVu Sans, sans-serif\"")
    );
    assert!(!svg.contains("NaN") && !svg.contains("\"inf") && !svg.contains("-inf"));
    // Every `<` opens a known tag or closes one; `&` only starts an entity.
    for (i, _) in svg.match_indices('&') {
        let rest = &svg[i..];
        assert!(
            ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "bad & at {i}"
        );
    }
    let mut depth = 0i32;
    for (i, _) in svg.match_indices('<') {
        let rest = &svg[i + 1..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        if tag.starts_with('/') {
            depth -= 1;
        } else if !tag.ends_with('/') {
            depth += 1;
        }
        assert!(depth >= 0);
    }
    assert_eq!(depth, 0, "unbalanced tags");
}

fn series() -> Vec<Series> {
    vec![
        Series {
            label: s("Org median"),
            values: vec![Some(0.5), Some(0.3), Some(0.6), Some(0.2), Some(0.4)],
            color: MUTED,
        },
        Series {
            label: s(EVIL),
            values: vec![Some(0.8), None, Some(f64::NAN), Some(1.7), Some(-0.2)],
            color: PRIMARY,
        },
    ]
}

#[test]
fn radar_is_valid_escaped_and_deterministic() {
    let mut axes = dims();
    axes[1] = s(EVIL);
    let a = radar(EVIL, &axes, &series());
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert!(a.contains("font-family=\"DejaVu Sans, sans-serif\""));
    assert!(a.contains("Org median: Build and Deployment 50 %"));
    assert_eq!(a, radar(EVIL, &axes, &series()));
    assert_ne!(a, radar("other", &axes, &series()));
}

#[test]
fn radar_degenerate() {
    for n in [0usize, 1, 2, 3, 19] {
        let axes: Vec<String> = (0..n).map(|i| format!("Axis {i}")).collect();
        check(&radar("r", &axes, &series()), "r");
        check(&radar("r", &axes, &[]), "r");
    }
    let empty = Series {
        label: String::new(),
        values: vec![],
        color: PRIMARY,
    };
    check(&radar("", &dims(), &[empty]), "");
}

#[test]
fn radar_with_many_axes_numbers_them_with_a_key() {
    let axes: Vec<String> = (0..25).map(|i| format!("Subdimension {i}")).collect();
    let a = radar("r", &axes, &series());
    check(&a, "r");
    // The key names every axis; the spokes carry only the numbers.
    assert!(a.contains("\n25  Subdimension 24\n"), "{a}");
    assert!(a.contains("\n1  Subdimension 0\n"));
    let few: Vec<String> = (0..6).map(|i| format!("Dimension {i}")).collect();
    let b = radar("r", &few, &series());
    assert!(b.contains("\nDimension 5\n") && !b.contains("6  Dimension 5"));
}

#[test]
fn heatmap_is_valid_escaped_and_deterministic() {
    let rows = vec![
        s("Payments"),
        s(EVIL),
        s("A very long subdimension name of forty ch"),
    ];
    let values = vec![
        vec![Some(0.0), Some(0.5), Some(1.0), None, Some(0.25)],
        vec![Some(f64::NAN)],
        vec![],
    ];
    let a = heatmap(EVIL, &rows, &dims(), &values);
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert!(a.contains("Payments: Build and Deployment 0 %, Culture and Organization 50 %"));
    assert_eq!(a, heatmap(EVIL, &rows, &dims(), &values));
}

#[test]
fn heatmap_degenerate() {
    check(&heatmap("h", &[], &[], &[]), "h");
    check(&heatmap("h", &[s("one")], &[], &[]), "h");
    check(&heatmap("h", &[], &dims(), &[]), "h");
    check(
        &heatmap("h", &[s("one")], &[s("c")], &[vec![Some(f64::INFINITY)]]),
        "h",
    );
    let cols: Vec<String> = (0..40).map(|i| format!("Team number {i}")).collect();
    check(
        &heatmap("h", &[s("one")], &cols, &[vec![Some(0.5); 40]]),
        "h",
    );
}

#[test]
fn level_distribution_is_valid_escaped_and_deterministic() {
    let counts: Vec<(String, usize)> = (0..=5)
        .map(|l| (format!("Level {l}"), [3, 7, 4, 0, 1, 0][l]))
        .collect();
    let mut evil = counts.clone();
    evil[0].0 = s(EVIL);
    let a = level_distribution(EVIL, &evil);
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert_eq!(a, level_distribution(EVIL, &evil));
    check(&level_distribution("l", &counts), "l");
}

#[test]
fn level_distribution_degenerate() {
    check(&level_distribution("l", &[]), "l");
    check(&level_distribution("l", &[(s("Level 0"), 0)]), "l");
    check(&level_distribution("l", &[(s("Level 9"), usize::MAX)]), "l");
}

#[test]
fn hbars_is_valid_escaped_and_deterministic() {
    let items = vec![
        (s(EVIL), 0.42),
        (s("Threat modeling"), f64::NAN),
        (s("SBOM"), 3.0),
        (s("x"), -1.0),
    ];
    let a = hbars(EVIL, &items);
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert!(a.contains("SBOM 100 %, x 0 %"));
    assert_eq!(a, hbars(EVIL, &items));
    check(&hbars("b", &[]), "b");
    check(&hbars("b", &[(String::new(), 0.0)]), "b");
}

#[test]
fn line_is_valid_escaped_and_deterministic() {
    let xs: Vec<String> = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
        .map(s)
        .to_vec();
    let mut xe = xs.clone();
    xe[2] = s(EVIL);
    let a = line(EVIL, &xe, &series());
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert_eq!(a, line(EVIL, &xe, &series()));
}

#[test]
fn line_degenerate() {
    check(&line("l", &[], &[]), "l");
    check(&line("l", &[s("2025-Q3")], &series()), "l");
    check(&line("l", &[s("2025-Q3")], &[]), "l");
    let xs: Vec<String> = (0..60).map(|i| format!("2025-W{i}")).collect();
    check(&line("l", &xs, &series()), "l");
}

#[test]
fn palette() {
    assert_eq!(hex(Color(0, 0x0a, 0xff)), "#000aff");
    assert_eq!(level_color(9), level_color(5));
    assert_ne!(level_color(0), level_color(5));
    assert_eq!(state_color(0.0), state_color(f64::NAN));
    assert_ne!(state_color(0.5), state_color(1.0));
    assert_eq!(value_color(-3.0), value_color(0.0));
    assert_eq!(value_color(f64::NAN), NA_FILL);
}

#[test]
fn control_characters_are_dropped() {
    let a = hbars("t\u{1}", &[(s("a\u{0}b"), 0.5)]);
    assert!(!a.contains('\u{0}') && !a.contains('\u{1}'));
}
