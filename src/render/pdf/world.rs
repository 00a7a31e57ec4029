//! A closed typst `World`: the main source comes from a string, every other file from an in-memory map,
//! fonts are embedded (parsed once per process), the date is fixed; no file system, network or packages.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The virtual path of the main source. Fixed, like every other path: FileIds are interned per process
/// and capped at 65,535, so documents must reuse the same few paths.
pub const MAIN_PATH: &str = "/main.typ";

/// Embedded fonts: typst's own (serif, math, mono) plus DejaVu Sans, the text face of the templates.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let sans = [
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
        ];
        let fonts: Vec<Font> = sans
            .into_iter()
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The file id of a project path such as `/data.json`.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| panic!("invalid virtual path {path}"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One document's world.
pub struct PdfWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl PdfWorld {
    /// `files` are (absolute virtual path, bytes), e.g. `("/data.json", ...)`, `("/charts/radar.svg", ...)`.
    pub fn new<'a>(
        source: &str,
        files: impl Iterator<Item = (&'a str, &'a [u8])>,
        today: crate::util::date::Date,
    ) -> PdfWorld {
        let (y, m, d) = today.ymd();
        let today = Datetime::from_ymd(y, m as u8, d as u8).expect("valid date");
        let files = files
            .map(|(p, b)| (file_id(p), Bytes::new(b.to_vec())))
            .collect();
        PdfWorld {
            main: Source::new(file_id(MAIN_PATH), source.to_string()),
            files,
            today,
        }
    }

    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

fn not_available(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(spec) => FileError::Other(Some(
            format!("package {spec} is not available: maturity renders PDFs offline and does not download packages; copy the code you need into the template").into(),
        )),
        VirtualRoot::Project => FileError::NotFound(id.vpath().get_with_slash().into()),
    }
}

impl World for PdfWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        match self.files.get(&id) {
            Some(b) if matches!(id.root(), VirtualRoot::Project) => {
                let text = std::str::from_utf8(b).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_string()))
            }
            _ => Err(not_available(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        match self.files.get(&id) {
            Some(b) if matches!(id.root(), VirtualRoot::Project) => Ok(b.clone()),
            _ => Err(not_available(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
