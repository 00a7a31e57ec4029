//! Rendering: view models, charts (plotters SVG), markdown, the static site (tera) and PDFs (typst).

pub mod charts;
pub mod pdf;
