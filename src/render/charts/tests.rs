//! Tests of the charts: valid, escaped, deterministic SVG for normal and degenerate input.

use super::*;

const EVIL: &str = "<script>alert('x')</script> & \"q\"";
const ESCAPED: &str = "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;";

const FITS: [Fit; 2] = [Fit::Print, Fit::Screen];

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
fn radar_is_valid_escaped_and_deterministic_print() {
    let mut axes = dims();
    axes[1] = s(EVIL);
    let a = radar(Fit::Print, EVIL, &axes, &series());
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert!(a.contains("font-family=\"DejaVu Sans, sans-serif\""));
    assert!(a.contains("Org median: Build and Deployment 50 %"));
    assert_eq!(a, radar(Fit::Print, EVIL, &axes, &series()));
    assert_ne!(a, radar(Fit::Print, "other", &axes, &series()));
}

#[test]
fn radar_degenerate() {
    for fit in FITS {
        for n in [0usize, 1, 2, 3, 19] {
            let axes: Vec<String> = (0..n).map(|i| format!("Axis {i}")).collect();
            check(&radar(fit, "r", &axes, &series()), "r");
            check(&radar(fit, "r", &axes, &[]), "r");
        }
        let empty = Series {
            label: String::new(),
            values: vec![],
            color: PRIMARY,
        };
        check(&radar(fit, "", &dims(), &[empty]), "");
    }
}

#[test]
fn radar_with_many_axes_numbers_them_with_a_key() {
    let axes: Vec<String> = (0..25).map(|i| format!("Subdimension {i}")).collect();
    let a = radar(Fit::Print, "r", &axes, &series());
    check(&a, "r");
    // The key names every axis; the spokes carry only the numbers.
    assert!(a.contains("\n25  Subdimension 24\n"), "{a}");
    assert!(a.contains("\n1  Subdimension 0\n"));
    let few: Vec<String> = (0..6).map(|i| format!("Dimension {i}")).collect();
    let b = radar(Fit::Print, "r", &few, &series());
    assert!(b.contains("\nDimension 5\n") && !b.contains("6  Dimension 5"));
}

#[test]
fn heatmap_is_valid_escaped_and_deterministic() {
    for fit in FITS {
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
        let a = heatmap(fit, EVIL, &rows, &dims(), &values);
        check(&a, EVIL);
        assert!(a.contains(ESCAPED));
        assert!(a.contains("Payments: Build and Deployment 0 %, Culture and Organization 50 %"));
        assert_eq!(a, heatmap(fit, EVIL, &rows, &dims(), &values));
    }
}

#[test]
fn heatmap_degenerate() {
    for fit in FITS {
        check(&heatmap(fit, "h", &[], &[], &[]), "h");
        check(&heatmap(fit, "h", &[s("one")], &[], &[]), "h");
        check(&heatmap(fit, "h", &[], &dims(), &[]), "h");
        check(
            &heatmap(
                fit,
                "h",
                &[s("one")],
                &[s("c")],
                &[vec![Some(f64::INFINITY)]],
            ),
            "h",
        );
        let cols: Vec<String> = (0..40).map(|i| format!("Team number {i}")).collect();
        check(
            &heatmap(fit, "h", &[s("one")], &cols, &[vec![Some(0.5); 40]]),
            "h",
        );
    }
}

#[test]
fn level_distribution_is_valid_escaped_and_deterministic() {
    let counts: Vec<(String, usize)> = (0..=5)
        .map(|l| (format!("Level {l}"), [3, 7, 4, 0, 1, 0][l]))
        .collect();
    let mut evil = counts.clone();
    evil[0].0 = s(EVIL);
    let a = level_distribution(Fit::Print, EVIL, &evil);
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert_eq!(a, level_distribution(Fit::Print, EVIL, &evil));
    check(&level_distribution(Fit::Print, "l", &counts), "l");
}

#[test]
fn level_distribution_degenerate() {
    for fit in FITS {
        check(&level_distribution(fit, "l", &[]), "l");
        check(&level_distribution(fit, "l", &[(s("Level 0"), 0)]), "l");
        check(
            &level_distribution(fit, "l", &[(s("Level 9"), usize::MAX)]),
            "l",
        );
    }
}

#[test]
fn hbars_is_valid_escaped_and_deterministic() {
    for fit in FITS {
        let items = vec![
            (s(EVIL), 0.42),
            (s("Threat modeling"), f64::NAN),
            (s("SBOM"), 3.0),
            (s("x"), -1.0),
        ];
        let a = hbars(fit, EVIL, &items);
        check(&a, EVIL);
        assert!(a.contains(ESCAPED));
        assert!(a.contains("SBOM 100 %, x 0 %"));
        assert_eq!(a, hbars(fit, EVIL, &items));
        check(&hbars(fit, "b", &[]), "b");
        check(&hbars(fit, "b", &[(String::new(), 0.0)]), "b");
    }
}

#[test]
fn line_is_valid_escaped_and_deterministic() {
    let xs: Vec<String> = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
        .map(s)
        .to_vec();
    let mut xe = xs.clone();
    xe[2] = s(EVIL);
    let a = line(Fit::Print, EVIL, &xe, &series());
    check(&a, EVIL);
    assert!(a.contains(ESCAPED));
    assert_eq!(a, line(Fit::Print, EVIL, &xe, &series()));
}

#[test]
fn line_degenerate() {
    for fit in FITS {
        check(&line(fit, "l", &[], &[]), "l");
        check(&line(fit, "l", &[s("2025-Q3")], &series()), "l");
        check(&line(fit, "l", &[s("2025-Q3")], &[]), "l");
        let xs: Vec<String> = (0..60).map(|i| format!("2025-W{i}")).collect();
        check(&line(fit, "l", &xs, &series()), "l");
    }
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
    let a = hbars(Fit::Print, "t\u{1}", &[(s("a\u{0}b"), 0.5)]);
    assert!(!a.contains('\u{0}') && !a.contains('\u{1}'));
}

/// The `font-size` values of an SVG document.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .map(|r| r.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn screen_charts_are_narrow_and_set_no_text_below_11_px() {
    let quarters: Vec<String> = (0..12)
        .map(|i| format!("{}-Q{}", 2024 + i / 4, i % 4 + 1))
        .collect();
    let long = s("Dynamic depth for infrastructure and a name longer than a phone");
    let rows: Vec<String> = (0..35)
        .map(|i| format!("Business Unit {i:03} (10)"))
        .collect();
    let subs: Vec<String> = (0..8).map(|i| format!("Subdimension number {i}")).collect();
    let values = vec![vec![Some(0.42); 8]; 35];
    let levels: Vec<(String, usize)> = (0..=5).map(|l| (format!("Level {l}"), 10 * l)).collect();
    let bars: Vec<(String, f64)> = (0..10)
        .map(|i| (format!("{long} {i}"), 0.1 * i as f64))
        .collect();
    let charts = [
        radar(Fit::Screen, &long, &dims(), &series()),
        radar(Fit::Screen, "r", &subs, &series()),
        heatmap(Fit::Screen, &long, &rows, &subs, &values),
        heatmap(Fit::Screen, "h", &rows[..10], &dims(), &values),
        level_distribution(Fit::Screen, &long, &levels),
        hbars(Fit::Screen, &long, &bars),
        line_marked(
            Fit::Screen,
            &long,
            &quarters,
            &series(),
            &[(5, long.clone())],
        ),
    ];
    for svg in &charts {
        assert!(svg.contains("viewBox=\"0 0 360 "), "{svg}");
        let sizes = font_sizes(svg);
        assert!(!sizes.is_empty());
        assert!(sizes.iter().all(|px| *px >= 11.0), "{sizes:?}");
    }
    // A long title takes two lines instead of being cut.
    assert!(
        charts[0].contains("<text x=\"16\" y=\"41\""),
        "{}",
        charts[0]
    );
    assert!(!charts[0].contains("phone\u{2026}"));
}

/// The element lines of a chart's body (after its description; with the data layer first, the shared
/// layers' lines too), sorted.
fn body_lines(svg: &str) -> Vec<String> {
    let start = svg.find("</desc>").map_or(0, |i| i + "</desc>".len());
    let mut lines: Vec<String> = svg[start..]
        .lines()
        .map(|l| l.replace("</svg>", "").replace("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"330\" viewBox=\"0 0 360 330\">", "").replace("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"250\" viewBox=\"0 0 360 250\">", ""))
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort();
    lines
}

#[test]
fn layers_hold_every_element_of_the_chart_once() {
    // Radar: the back has the grid and the muted series, the data the team's own series with title and
    // legend, the front the labels; together exactly the single chart's elements.
    let axes = dims();
    let radar_full = radar(Fit::Screen, EVIL, &axes, &series());
    let r = radar_layers(Fit::Screen, EVIL, &axes, &series());
    assert!(!radar_full.contains(canvas::LAYER_MARK));
    assert!(
        r.data
            .starts_with(&radar_full[..radar_full.find("</desc>").unwrap()])
    );
    assert!(r.back.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"330\" viewBox=\"0 0 360 330\">"));
    assert!(!r.back.contains("<title") && !r.front.contains("<title") && !r.back.contains(ESCAPED));
    assert!(r.data.contains(ESCAPED) && r.front.contains("20 %"));
    let joined = format!("{}{}{}", r.data, r.back, r.front);
    assert_eq!(body_lines(&joined), body_lines(&radar_full));
    // Line: no front; the organisation's line at the back.
    let labels: Vec<String> = ["2026-Q1", "2026-Q2", "2026-Q3"].map(s).to_vec();
    let line_full = line(Fit::Screen, EVIL, &labels, &series());
    let l = line_layers(Fit::Screen, EVIL, &labels, &series(), &[]);
    assert!(l.front.is_empty() && l.back.contains("0 %"));
    assert_eq!(
        body_lines(&format!("{}{}", l.data, l.back)),
        body_lines(&line_full)
    );
}
