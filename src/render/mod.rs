//! Rendering: view models, charts (plotters SVG), markdown, the static site (tera) and PDFs (typst).

pub mod charts;
pub mod headline;
pub mod markdown;
pub mod observed;
pub mod pdf;
pub mod references;
pub mod scores;
pub mod site;
pub mod slug;
pub mod view;
