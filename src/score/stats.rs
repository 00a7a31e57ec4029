//! Small statistics shared by scoring, the site and the PDFs.

/// Mean of the defined values; `None` when there are none.
pub fn mean(it: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (mut s, mut n) = (0.0, 0usize);
    for v in it.into_iter().flatten() {
        s += v;
        n += 1;
    }
    (n > 0).then(|| s / n as f64)
}

/// Median (mean of the two middle values for an even count); `None` when empty.
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn mean_and_median() {
        assert_eq!(super::mean([Some(1.0), None, Some(0.5)]), Some(0.75));
        assert_eq!(super::mean([None]), None);
        assert_eq!(super::median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(super::median(vec![0.4, 0.2]), Some(0.30000000000000004));
        assert_eq!(super::median(vec![]), None);
    }
}
