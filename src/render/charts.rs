//! Charts as standalone SVG strings drawn with plotters, shared by the site and the PDFs.
