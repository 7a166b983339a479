//! What the corpora of the dialect benches share (`latex.rs`, `rst.rs`,
//! `asciidoc.rs`, `wikitext.rs`): units (a project, a folder of documents,
//! one document or page) drawn one after the other from the corpus seed,
//! each then built in parallel from its own seed, and written with the
//! defects planted in them. What a unit holds, where it goes and what its
//! manifest says stay with its dialect.

use std::io;
use std::path::Path;

use super::stored;
use super::{Defect, DialectSpec, Doc, Rng};

/// A kind of unit, as its dialect draws it.
pub trait Kind: Copy + Send + Sync + 'static {
    /// Every kind, in the order the first units take them.
    fn all() -> &'static [Self];

    /// Bytes aimed at, before scaling.
    fn size(self, rng: &mut Rng) -> usize;

    /// Where unit number `n` (1-based) goes, under the corpus root: its
    /// folder or file (or, for a wiki page, its portal).
    fn place(self, rng: &mut Rng, n: usize) -> String;
}

/// How a dialect draws its units.
pub struct Draw<K: 'static> {
    /// Mixed into the corpus seed, so that dialects differ.
    pub salt: u64,
    /// The first `first` units take the kinds in turn and plant every
    /// defect they can (`Plan::every`), so that a small corpus has them
    /// all.
    pub first: usize,
    /// Then each kind by its share in percent, in this order (the last
    /// takes what is left of 100).
    pub mix: &'static [(K, usize)],
    /// Bytes a unit aims at, at the least, after scaling.
    pub smallest: usize,
    /// Units in the first round, and how far units stray from their size
    /// (see [`super::in_rounds`]).
    pub least: usize,
    pub floor: Option<f64>,
}

/// A unit drawn, to build from its own seed.
pub struct Plan<K> {
    /// 0-based.
    pub i: usize,
    pub kind: K,
    /// See [`Kind::place`].
    pub place: String,
    /// Bytes aimed at.
    pub size: usize,
    pub seed: u64,
    /// One of the first units: plant every defect the kind can.
    pub every: bool,
}

impl<K: Kind> Draw<K> {
    /// Every unit, built in parallel, each from its own seed (so the
    /// result does not depend on the number of threads), until the bytes
    /// of what `build` makes (`bytes`) reach the spec's.
    pub fn generate<U: Send>(
        &self,
        spec: &DialectSpec,
        build: impl Fn(Plan<K>) -> U + Sync + Send,
        bytes: impl Fn(&U) -> usize,
    ) -> Vec<U> {
        let mut rng = Rng::new(spec.seed ^ self.salt);
        let next = |i: usize| {
            let kind = self.kind(i, &mut rng);
            let size = ((kind.size(&mut rng) as f64 * spec.scale) as usize).max(self.smallest);
            let place = kind.place(&mut rng, i + 1);
            let every = i < self.first;
            let plan = Plan {
                i,
                kind,
                place,
                size,
                seed: rng.next_u64(),
                every,
            };
            (plan, size)
        };
        super::in_rounds(spec.bytes, self.least, self.floor, next, build, bytes)
    }

    fn kind(&self, i: usize, rng: &mut Rng) -> K {
        let all = K::all();
        if i < self.first {
            return all[i % all.len()];
        }
        let mut draw = rng.below(100);
        for &(kind, share) in &self.mix[..self.mix.len() - 1] {
            if draw < share {
                return kind;
            }
            draw -= share;
        }
        self.mix[self.mix.len() - 1].0
    }
}

/// A unit being built: its files (what `ibid` reads) and the others
/// (support files: `.aux`, `conf.py`, code samples), paths relative to
/// its folder (for a unit of one file, the file's own name); the defects
/// planted in them (`D`: see [`Planted`]); and what else its dialect
/// records of it (`X`).
pub struct Build<D, X = ()> {
    pub files: Vec<Doc>,
    pub support: Vec<Doc>,
    pub defects: Vec<D>,
    pub more: X,
}

impl<D, X: Default> Default for Build<D, X> {
    fn default() -> Self {
        Build {
            files: Vec::new(),
            support: Vec::new(),
            defects: Vec::new(),
            more: X::default(),
        }
    }
}

impl<D, X> Build<D, X> {
    pub fn put(&mut self, path: &str, text: String) {
        self.files.push(Doc {
            path: path.to_owned(),
            text,
        });
    }

    pub fn support(&mut self, path: &str, text: String) {
        self.support.push(Doc {
            path: path.to_owned(),
            text,
        });
    }

    /// Bytes of the files `ibid` reads.
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|d| d.text.len()).sum()
    }

    /// Write the files and support files to `dir/at(path)`, listing them
    /// in `files` and `support`, and the defects, at `at(path)`, in
    /// `defects`; return what else the unit records.
    pub fn write<C>(
        self,
        dir: &Path,
        at: impl Fn(&str) -> String,
        files: &mut Vec<(String, u64)>,
        support: &mut Vec<(String, u64)>,
        defects: &mut Vec<Defect<C>>,
    ) -> io::Result<X>
    where
        D: Planted<C>,
    {
        stored::put_docs(dir, &self.files, &at, files)?;
        stored::put_docs(dir, &self.support, &at, support)?;
        defects.extend(self.defects.into_iter().map(|d| d.under(&at)));
        Ok(self.more)
    }
}

impl<C, X> Build<(C, String, String), X> {
    /// A defect at `path`, as (code, path, label): its line not said.
    pub fn defect(&mut self, code: C, path: &str, label: &str) {
        self.defects.push((code, path.to_owned(), label.to_owned()));
    }
}

/// A defect as a unit records it, with its path relative to the unit.
pub trait Planted<C> {
    /// The defect, its path made relative to the corpus root by `at`.
    fn under(self, at: &dyn Fn(&str) -> String) -> Defect<C>;
}

/// (code, path, label), at no line.
impl<C> Planted<C> for (C, String, String) {
    fn under(self, at: &dyn Fn(&str) -> String) -> Defect<C> {
        let (code, path, label) = self;
        Defect {
            code,
            path: at(&path),
            line: 0,
            label,
        }
    }
}

/// (code, path, line, label).
impl<C> Planted<C> for (C, String, usize, String) {
    fn under(self, at: &dyn Fn(&str) -> String) -> Defect<C> {
        let (code, path, line, label) = self;
        Defect {
            code,
            path: at(&path),
            line,
            label,
        }
    }
}

/// (code, line, label) in a unit of one file: `at("")` is its path.
impl<C> Planted<C> for (C, usize, String) {
    fn under(self, at: &dyn Fn(&str) -> String) -> Defect<C> {
        let (code, line, label) = self;
        (code, String::new(), line, label).under(at)
    }
}

/// Where a unit's paths go under the corpus root: `dir/path`, or `dir`
/// itself for a unit of one file (`single`).
pub fn at(dir: String, single: bool) -> impl Fn(&str) -> String {
    move |path| match single {
        true => dir.clone(),
        false => format!("{dir}/{path}"),
    }
}
