//! Where rendered files go ([`Sink`], implemented by `output`'s staging folder), and [`Pieces`], an
//! `io::Write` that hands a large file to a sink a megabyte at a time, so that no export of a
//! 10,000-team organisation (scores.json, the states CSV: 90-130 MB each) exists as one string.

use crate::util::error::{Error, Result};

/// Receives the files of a build (paths relative to the output folder); used from several threads.
pub trait Sink: Sync {
    /// Writes a whole file, replacing what was there.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;
    /// Adds `bytes` to the end of a file begun with [`Sink::write`].
    fn append(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// The size of the pieces [`Pieces`] hands over.
const PIECE: usize = 1 << 20;

/// Buffers what is written and hands it to the sink in pieces of about [`PIECE`] bytes: the first with
/// [`Sink::write`], the rest with [`Sink::append`]. Call [`Pieces::finish`] to write the last piece and
/// see the sink's error, if any.
pub struct Pieces<'a> {
    sink: &'a dyn Sink,
    path: String,
    buf: Vec<u8>,
    started: bool,
    /// The sink's error, kept with its path (an `io::Error` would lose it).
    failed: Option<Error>,
}

impl<'a> Pieces<'a> {
    pub fn new(sink: &'a dyn Sink, path: &str) -> Pieces<'a> {
        Pieces {
            sink,
            path: path.to_string(),
            buf: Vec::with_capacity(PIECE + PIECE / 4),
            started: false,
            failed: None,
        }
    }

    fn hand_over(&mut self) -> std::io::Result<()> {
        if let Some(e) = &self.failed {
            return Err(std::io::Error::other(e.to_string()));
        }
        let r = if self.started {
            self.sink.append(&self.path, &self.buf)
        } else {
            self.sink.write(&self.path, &self.buf)
        };
        self.started = true;
        self.buf.clear();
        r.map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            self.failed = Some(e);
            io
        })
    }

    /// Writes what is left (an empty file if nothing was written) and reports the first error: the
    /// sink's, or `cause` of the writer on top (a JSON or compression error).
    pub fn finish(mut self) -> Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if !self.buf.is_empty() || !self.started {
            let _ = self.hand_over();
        }
        match self.failed.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The error to report when a writer on top of this one failed with `e`.
    pub fn error(&mut self, e: std::io::Error) -> Error {
        self.failed
            .take()
            .unwrap_or_else(|| Error::Other(format!("failed to write {} ({e})", self.path)))
    }
}

impl std::io::Write for Pieces<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= PIECE {
            self.hand_over()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::Mutex;

    /// Records each call: (append?, path, length).
    #[derive(Default)]
    struct Calls(Mutex<Vec<(bool, String, usize)>>, Mutex<Vec<u8>>);

    impl Sink for Calls {
        fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
            self.0
                .lock()
                .unwrap()
                .push((false, path.into(), bytes.len()));
            *self.1.lock().unwrap() = bytes.to_vec();
            Ok(())
        }
        fn append(&self, path: &str, bytes: &[u8]) -> Result<()> {
            self.0
                .lock()
                .unwrap()
                .push((true, path.into(), bytes.len()));
            self.1.lock().unwrap().extend_from_slice(bytes);
            Ok(())
        }
    }

    #[test]
    fn pieces_hand_over_a_file_in_order() {
        // (bytes written in chunks of 1,000, how many calls the sink sees: a piece goes once the buffer
        // holds PIECE bytes, so 1,049 chunks make the first one)
        let cases: &[(usize, usize)] = &[
            (0, 1),
            (10, 1),
            (PIECE, 1),
            (PIECE + 1, 1),
            (PIECE + 2000, 2),
            (3 * PIECE + 7, 3),
        ];
        for &(len, want) in cases {
            let sink = Calls::default();
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let mut w = Pieces::new(&sink, "a/b.csv");
            for chunk in data.chunks(1000) {
                w.write_all(chunk).unwrap();
            }
            w.finish().unwrap();
            let calls: Vec<(bool, usize)> = sink
                .0
                .lock()
                .unwrap()
                .iter()
                .map(|(a, _, n)| (*a, *n))
                .collect();
            assert_eq!(calls.len(), want, "{len} bytes: {calls:?}");
            assert_eq!(calls.iter().map(|c| c.1).sum::<usize>(), len);
            assert!(calls.iter().skip(1).all(|c| c.0) && !calls[0].0);
            assert_eq!(*sink.1.lock().unwrap(), data);
        }
    }

    struct Full;
    impl Sink for Full {
        fn write(&self, path: &str, _: &[u8]) -> Result<()> {
            Err(Error::io(
                "write",
                std::path::Path::new(path),
                std::io::Error::other("disk full"),
            ))
        }
        fn append(&self, path: &str, b: &[u8]) -> Result<()> {
            self.write(path, b)
        }
    }

    #[test]
    fn the_sinks_error_keeps_its_path() {
        let mut w = Pieces::new(&Full, "scores.json");
        let big = vec![b'x'; PIECE + 1];
        let e = w.write_all(&big).unwrap_err();
        let e = w.error(e).to_string();
        assert!(e.contains("scores.json") && e.contains("disk full"), "{e}");
        let w = Pieces::new(&Full, "small.csv");
        let e = w.finish().unwrap_err().to_string();
        assert!(e.contains("small.csv"), "{e}");
    }
}
