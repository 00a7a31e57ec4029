//! exports/compliance.xlsx: the compliance mapping and each team's cover, for auditors' spreadsheets.
//!
//! One sheet per framework with every reference (title, mapped activities, how many teams cover it fully,
//! partly, not), then one sheet per framework with a row per assessed team and a column per reference
//! (`full`, `partial`, `none`, `not_applicable`): rows, not columns, per team, since a sheet has at most
//! 16,384 columns. Same bytes for the same input: the creation date is the as-of date (rust_xlsxwriter
//! writes fixed zip timestamps), and strings are written as strings, never as formulas.

use super::SiteInput;
use crate::score::compliance::{Cover, FRAMEWORKS, coverage};
use crate::util::error::{Error, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(key: &str, teams: bool) -> String {
    let base = match key {
        "iso27001-2022" => "ISO 27001-2022",
        "iso27001-2017" => "ISO 27001-2017",
        "samm2" => "SAMM 2",
        other => other,
    };
    if teams {
        format!("{base} by team")
    } else {
        base.to_string()
    }
}

fn cover_text(c: Cover) -> &'static str {
    match c {
        Cover::Full => "full",
        Cover::Partial => "partial",
        Cover::None => "none",
        Cover::NotApplicable => "not_applicable",
    }
}

fn header(ws: &mut Worksheet, cols: &[&str], bold: &Format) -> std::result::Result<(), XlsxError> {
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn build(input: &SiteInput) -> std::result::Result<Vec<u8>, XlsxError> {
    let cat = &input.org.catalog;
    let teams = super::exports::assessed_names(input);
    let mut wb = Workbook::new();
    let (y, m, d) = input.scores.as_of.ymd();
    let created = ExcelDateTime::from_ymd(y.clamp(1900, 9999) as u16, m as u8, d as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Compliance mapping and each team's cover")
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    for (key, title) in FRAMEWORKS {
        let refs = coverage(cat, &input.scores.teams, key);
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(key, false))?;
        header(
            ws,
            &[
                "reference",
                "title",
                "activities",
                "teams full",
                "teams partial",
                "teams none",
            ],
            &bold,
        )?;
        ws.set_column_width(1, 40)?;
        ws.set_column_width(2, 80)?;
        for (i, r) in refs.iter().enumerate() {
            let row = i as u32 + 1;
            let acts: Vec<&str> = r
                .activities
                .iter()
                .map(|&a| cat.activities[a].name.as_str())
                .collect();
            ws.write_string(row, 0, &r.code)?;
            ws.write_string(
                row,
                1,
                crate::render::references::title(key, &r.code).unwrap_or_default(),
            )?;
            ws.write_string(row, 2, acts.join("; "))?;
            ws.write_number(row, 3, r.full as f64)?;
            ws.write_number(row, 4, r.partial as f64)?;
            ws.write_number(row, 5, r.none as f64)?;
        }
        // Row by row into a temporary file (unnamed, removed when closed, in the system's temporary
        // folder): held in memory, the by-team sheets took about 150 MB at 10,000 teams. "Low memory"
        // keeps the shared string table, so the file stays as small.
        let ws = wb.add_worksheet_with_low_memory()?;
        ws.set_name(sheet_name(key, true))?;
        ws.write_string_with_format(0, 0, format!("team ({title})"), &bold)?;
        for (c, r) in refs.iter().enumerate() {
            ws.write_string_with_format(0, c as u16 + 1, &r.code, &bold)?;
        }
        ws.set_freeze_panes(1, 1)?;
        ws.set_column_width(0, 30)?;
        for (i, t) in teams.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, *t)?;
            for (c, r) in refs.iter().enumerate() {
                ws.write_string(row, c as u16 + 1, cover_text(r.teams[i]))?;
            }
        }
    }
    wb.save_to_buffer()
}

/// The workbook's bytes.
pub(super) fn compliance(input: &SiteInput) -> Result<Vec<u8>> {
    build(input).map_err(|e| Error::Other(format!("failed to write exports/compliance.xlsx ({e})")))
}
