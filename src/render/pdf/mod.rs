//! PDF reports rendered by typst embedded as a library.
