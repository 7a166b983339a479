//! Turning bytes into checkable text, byte offsets into lines and columns
//! ([`LineIndex`], [`place()`]), and findings into what reporters show and
//! recognise them by ([`Place`], [`fingerprint`], [`excerpt`]).

pub mod escape;
pub mod excerpt;
pub mod fingerprint;
mod place;

pub use excerpt::Layout;
pub use place::{place, place_related, pointer, Place, RelatedPlace, Snippet};

use crate::model::Span;

/// Why a file's bytes cannot be checked as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Invalid UTF-8; the offset is in the file's bytes, the line and
    /// column (1-based, in characters) count the valid text before it.
    InvalidUtf8 {
        byte: usize,
        line: usize,
        column: usize,
    },
    /// A NUL byte: most likely not a text document at all.
    Binary { byte: usize },
    /// A UTF-16 byte-order mark.
    Utf16,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidUtf8 { byte, line, column } => {
                write!(
                    f,
                    "not valid UTF-8 at byte {byte} (line {line}, column {column})"
                )
            }
            Self::Binary { byte } => {
                write!(
                    f,
                    "looks like a binary file (NUL byte at byte {byte}); not checked"
                )
            }
            Self::Utf16 => f.write_str("UTF-16 text is not supported; convert the file to UTF-8"),
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decode a document: UTF-8 with an optional byte-order mark, which is
/// dropped so that no span or column ever counts it.
pub fn decode(bytes: &[u8]) -> Result<&str, DecodeError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(DecodeError::Utf16);
    }
    let (skip, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (UTF8_BOM.len(), rest),
        None => (0, bytes),
    };
    if let Some(nul) = memchr::memchr(0, body) {
        return Err(DecodeError::Binary { byte: nul + skip });
    }
    // simdutf8 validates faster; std says where the text breaks.
    if let Ok(text) = simdutf8::basic::from_utf8(body) {
        return Ok(text);
    }
    std::str::from_utf8(body).map_err(|e| {
        let valid = &body[..e.valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let at = LineIndex::new(valid).line_col(valid, valid.len());
        DecodeError::InvalidUtf8 {
            byte: e.valid_up_to() + skip,
            line: at.line,
            column: at.column,
        }
    })
}

/// Decode a document in the encoding it declares (LaTeX's
/// `\usepackage[latin1]{inputenc}`; a NUL byte still marks a binary
/// file), or as UTF-8 ([`decode`]) when it declares none.
pub fn decode_in<'b>(
    bytes: &'b [u8],
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<std::borrow::Cow<'b, str>, DecodeError> {
    let Some(encoding) = encoding else {
        return decode(bytes).map(std::borrow::Cow::Borrowed);
    };
    if let Some(nul) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary { byte: nul });
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(text.into_owned().into())
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineCol {
    /// The position of `offset` on the 0-based `line` that starts at
    /// `line_start` (an offset inside a character counts bytes).
    pub fn at(text: &str, line: usize, line_start: usize, offset: usize) -> Self {
        let column = text
            .get(line_start..offset)
            .map_or(offset - line_start, |s| s.chars().count());
        Self {
            line: line + 1,
            column: column + 1,
        }
    }
}

/// Start offsets of every line of one text, for offset → line/column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            starts,
            len: text.len(),
        }
    }

    /// The 0-based line holding a byte offset (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset.min(self.len))
            .saturating_sub(1)
    }

    /// The last line's 0-based number.
    pub fn last(&self) -> usize {
        self.starts.len() - 1
    }

    /// The empty line after a final `\n` (or of an empty text).
    pub fn is_phantom(&self, line: usize) -> bool {
        line == self.last() && self.starts[line] == self.len
    }

    /// Start and end of a line's text, without its `\n` or `\r\n`.
    pub fn bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.len, |&next| next - 1);
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        (start, end)
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        LineCol::at(text, line, self.starts[line], offset)
    }

    /// Start and end positions of a span (the end is exclusive).
    pub fn span(&self, text: &str, span: Span) -> (LineCol, LineCol) {
        (
            self.line_col(text, span.start),
            self.line_col(text, span.end),
        )
    }
}

/// Byte offsets of character indices: what a parser that counts
/// characters (yaml-rust2's markers) needs to give byte spans. Built only
/// for text that is not ASCII (where the two are the same).
#[derive(Clone, Debug)]
pub struct CharOffsets {
    len: usize,
    /// The byte offset of each character, and the text's length after.
    bytes: Option<Vec<usize>>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let bytes = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        });
        Self {
            len: text.len(),
            bytes,
        }
    }

    /// The byte offset of the character at `index` (clamped to the end).
    pub fn byte(&self, index: usize) -> usize {
        match &self.bytes {
            None => index.min(self.len),
            Some(map) => map.get(index).copied().unwrap_or(self.len),
        }
    }
}

/// An I/O error as a short lower-case message, without the OS error code:
/// "no such file or directory".
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => {
            let text = e.to_string();
            text.split(" (os error")
                .next()
                .unwrap_or(&text)
                .to_lowercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_offsets_in_file_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFab"), Ok("ab"));
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\xFFc"),
            Err(DecodeError::InvalidUtf8 {
                byte: 5,
                line: 1,
                column: 3
            })
        );
        assert_eq!(decode(b"ab\0"), Err(DecodeError::Binary { byte: 2 }));
        assert_eq!(decode(b"\xFF\xFEa\0"), Err(DecodeError::Utf16));
    }

    #[test]
    fn columns_count_scalar_values() {
        let text = "a\u{a0}[1]\r\nxy[2]";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), LineCol { line: 1, column: 3 });
        let second = text.find("[2]").unwrap_or_default();
        assert_eq!(index.line_col(text, second), LineCol { line: 2, column: 3 });
        assert_eq!(
            index.line_col(text, text.len()),
            LineCol { line: 2, column: 6 }
        );
    }
}
