//! Typed reading of reglint's own YAML files (config, exceptions, baselines) with serde over the
//! loader's arena, so that every problem in them is located in the file.
//!
//! Register files are read by rules over the arena; reglint's own files have fixed shapes and
//! are read into Rust types here, through a small [`serde::Deserializer`] for nodes. Scalars
//! resolve by YAML 1.2 core rules ([`Scalar::resolve`]): a string is expected where a string
//! was written (`"1"`, `A.8.24`), and a number where a string is expected is an error rather
//! than a silent conversion. [`Spanned`] keeps the span of a value for later diagnostics.
//!
//! The promise is that a file's problems come back together, each with a span. serde stops at
//! the first error, so [`from_node`] reads in passes ("mask and retry"): an error coming back
//! through a node is given that node's span; the innermost mapping entry (or list item) that
//! holds the failing node is then masked, treated as absent, and the read runs again, until a
//! pass succeeds or brings nothing new (at most one pass per node, plus one). Keys a struct
//! does not know are not errors that stop a pass: they are recorded at the key with a
//! did-you-mean, skipped, and reading goes on. A missing-key error that only masking (or a
//! misspelt key already reported) caused is not reported again. Errors are deduplicated by
//! span and message and returned sorted by where they start. Repeated keys were reported by
//! the loader; the first occurrence is the one read.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer, U64Deserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, Expected, IntoDeserializer,
    MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor,
};
use serde::{Deserialize, Serialize};

use super::{Document, NodeId, NodeKind, Resolved, Scalar, Slot, Style};
use crate::suggest::did_you_mean;

/// A value with the byte span of the node it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Byte span of the node in its file (`0..0` when read by another deserializer).
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    /// A value with its span.
    pub fn new(value: T, span: Range<usize>) -> Self {
        Spanned { value, span }
    }
}

// Ordered by value, then span, so that `Spanned<String>` can key a `BTreeMap`; consistent with
// the derived `Eq`.
impl<T: Ord> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value
            .cmp(&other.value)
            .then(self.span.start.cmp(&other.span.start))
            .then(self.span.end.cmp(&other.span.end))
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

// The magic struct [`Spanned`] asks for: our deserializer answers it with the node's span and
// value; any other deserializer sees a plain request for a value.
const SPANNED: &str = "$__reglint_private_Spanned";
const SPANNED_START: &str = "$__reglint_private_start";
const SPANNED_END: &str = "$__reglint_private_end";
const SPANNED_VALUE: &str = "$__reglint_private_value";
const SPANNED_FIELDS: &[&str] = &[SPANNED_START, SPANNED_END, SPANNED_VALUE];

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct(
            SPANNED,
            SPANNED_FIELDS,
            SpannedVisitor(std::marker::PhantomData),
        )
    }
}

struct SpannedVisitor<T>(std::marker::PhantomData<T>);

/// Builds `Spanned { value, span: 0..0 }` from whatever another deserializer offers.
fn unspanned<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Spanned<T>, D::Error> {
    T::deserialize(deserializer).map(|value| Spanned::new(value, 0..0))
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let first: Option<String> = map.next_key()?;
        match first {
            Some(key) if key == SPANNED_START => {
                let start: usize = map.next_value()?;
                let end = match map.next_key::<String>()? {
                    Some(k) if k == SPANNED_END => map.next_value::<usize>()?,
                    _ => return Err(de::Error::custom("span without an end")),
                };
                let value = match map.next_key::<String>()? {
                    Some(k) if k == SPANNED_VALUE => map.next_value::<T>()?,
                    _ => return Err(de::Error::custom("span without a value")),
                };
                Ok(Spanned::new(value, start..end))
            }
            first => unspanned(de::value::MapAccessDeserializer::new(Prefixed {
                first,
                map,
            })),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        unspanned(de::value::SeqAccessDeserializer::new(seq))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        unspanned(de::value::EnumAccessDeserializer::new(data))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        unspanned(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        unspanned(d)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        unspanned(de::value::UnitDeserializer::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        unspanned(de::value::UnitDeserializer::new())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        unspanned(v.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        unspanned(v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        unspanned(v.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        unspanned(v.into_deserializer())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        unspanned(StringDeserializer::new(v.to_owned()))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        unspanned(BorrowedStrDeserializer::new(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        unspanned(StringDeserializer::new(v))
    }
}

/// A map whose first key was already taken (to look for the span fields): it is given back
/// before the rest.
struct Prefixed<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prefixed<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(key) => seed.deserialize(StringDeserializer::new(key)).map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// One problem found while reading, located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Where: the node, key or mapping concerned.
    pub span: Range<usize>,
    /// What is wrong, in plain language (``expected a list, found a string `abc` ``).
    pub message: String,
    /// What to do about it, when there is something to say (a did-you-mean).
    pub help: Option<String>,
}

/// Reads a node (and everything under it) as T. Every problem is collected, not only the first.
pub fn from_node<T: DeserializeOwned>(doc: &Document, node: NodeId) -> Result<T, Vec<ReadError>> {
    if doc.nodes.get(node as usize).is_none() {
        return Err(vec![ReadError {
            span: 0..0,
            message: format!("node {node} is not in the document"),
            help: None,
        }]);
    }
    let mut masked = HashSet::new();
    let mut errors = Errors::default();
    let mut last = None;
    for _ in 0..=doc.nodes.len() {
        let ctx = Ctx {
            doc,
            masked: &masked,
            recorded: RefCell::new(Vec::new()),
            visits: Cell::new(0),
        };
        let result = T::deserialize(Reader::value(&ctx, node, 0));
        for error in ctx.recorded.take() {
            errors.push(error);
        }
        match result {
            Ok(value) if errors.list.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(error) => {
                let mask = error.mask;
                if !error.is_silent {
                    errors.push(error.into_read_error(doc, node));
                } else {
                    last = Some(error.into_read_error(doc, node));
                }
                match mask {
                    Some(slot) if masked.insert(slot) => {}
                    _ => break,
                }
            }
        }
    }
    if errors.list.is_empty() {
        // Only reachable if masking alone failed the read; say so rather than pass silently.
        errors.list.extend(last);
    }
    let mut list = errors.list;
    list.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.message).cmp(&(b.span.start, b.span.end, &b.message))
    });
    Err(list)
}

/// Errors of all passes, each (span, message) once.
#[derive(Default)]
struct Errors {
    list: Vec<ReadError>,
    seen: HashSet<(usize, usize, String)>,
}

impl Errors {
    fn push(&mut self, error: ReadError) {
        if self
            .seen
            .insert((error.span.start, error.span.end, error.message.clone()))
        {
            self.list.push(error);
        }
    }
}

/// A place in a container: (mapping or list node, entry or item index).
type Place = (NodeId, usize);

/// What one pass shares: the document, what is masked, what was recorded without stopping.
struct Ctx<'d, 'm> {
    doc: &'d Document,
    masked: &'m HashSet<Place>,
    recorded: RefCell<Vec<ReadError>>,
    visits: Cell<usize>,
}

/// Deeper than the loader ever nests (it refuses an alias inside its own anchor): a guard.
const MAX_DEPTH: usize = 128;

impl Ctx<'_, '_> {
    /// How many node reads one pass may make: aliases share nodes, so a small file can stand
    /// for a huge value; reading it whole is refused.
    fn budget(&self) -> usize {
        self.doc
            .nodes
            .len()
            .saturating_mul(4)
            .saturating_add(10_000)
    }
}

/// The error of our deserializer while it travels up to [`from_node`] (boxed: results stay
/// small on the way).
#[derive(Debug)]
struct Error(Box<Problem>);

/// What an [`Error`] carries.
#[derive(Debug)]
struct Problem {
    message: String,
    help: Option<String>,
    span: Option<Range<usize>>,
    kind: ErrorKind,
    mask: Option<Place>,
    is_silent: bool,
    /// Ends the read: masking cannot help (a cycle, the alias budget).
    is_fatal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    Other,
    MissingField(&'static str),
    Length,
}

impl Error {
    fn new(message: String) -> Self {
        Error(Box::new(Problem {
            message,
            help: None,
            span: None,
            kind: ErrorKind::Other,
            mask: None,
            is_silent: false,
            is_fatal: false,
        }))
    }

    fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Gives the error a span, unless a node further in already did.
    fn at(mut self, span: Range<usize>) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    /// Marks the container slot to mask, unless one further in already was.
    fn masking(mut self, slot: Place) -> Self {
        if self.mask.is_none() && !self.is_fatal {
            self.mask = Some(slot);
        }
        self
    }

    fn into_read_error(self, doc: &Document, root: NodeId) -> ReadError {
        let problem = *self.0;
        ReadError {
            span: problem.span.unwrap_or_else(|| first_line(doc, root)),
            message: problem.message,
            help: problem.help,
        }
    }
}

impl std::ops::Deref for Error {
    type Target = Problem;

    fn deref(&self) -> &Problem {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut Problem {
        &mut self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Error::new(message.to_string())
    }

    fn invalid_type(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Error::new(format!(
            "expected {expected}, found {}",
            describe_unexpected(&unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Error::new(format!(
            "expected {expected}, found {}",
            describe_unexpected(&unexpected)
        ))
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Self {
        let items = if len == 1 { "item" } else { "items" };
        let mut error = Error::new(format!("expected {expected}, found {len} {items}"));
        error.kind = ErrorKind::Length;
        error
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::new(format!("unknown value `{variant}`")).with_help(Some(one_of_help(
            variant,
            expected,
            "expected one of",
        )))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(format!("unknown key `{field}`")).with_help(Some(key_help(field, expected)))
    }

    fn missing_field(field: &'static str) -> Self {
        let mut error = Error::new(format!("missing required key `{field}`"));
        error.kind = ErrorKind::MissingField(field);
        error
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error::new(format!("key `{field}` is given twice"))
    }
}

/// ``did you mean `x`? expected one of `a`, `b` `` or only the list.
fn one_of_help(word: &str, expected: &[&str], lead: &str) -> String {
    let list = backticked(expected);
    match did_you_mean(word, expected.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? {lead} {list}"),
        None => format!("{lead} {list}"),
    }
}

/// ``did you mean `x`?`` when a valid key is close, else the valid keys.
fn key_help(key: &str, expected: &[&str]) -> String {
    match did_you_mean(key, expected.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if expected.is_empty() => "no keys are expected here".to_owned(),
        None => format!("valid keys here: {}", backticked(expected)),
    }
}

fn backticked(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A short quotation of written text: its first line, at most 40 characters.
fn quote(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("`{short}`")
}

fn describe_unexpected(unexpected: &Unexpected) -> String {
    match unexpected {
        Unexpected::Bool(b) => format!("a boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("an integer `{n}`"),
        Unexpected::Signed(n) => format!("an integer `{n}`"),
        Unexpected::Float(n) => format!("a number `{n}`"),
        Unexpected::Char(c) => format!("a string `{c}`"),
        Unexpected::Str(s) => format!("a string {}", quote(s)),
        Unexpected::Bytes(_) => "bytes".to_owned(),
        Unexpected::Unit | Unexpected::Option => "nothing".to_owned(),
        Unexpected::NewtypeStruct | Unexpected::Other(_) => unexpected.to_string(),
        Unexpected::Seq => "a list".to_owned(),
        Unexpected::Map => "a mapping".to_owned(),
        Unexpected::Enum
        | Unexpected::UnitVariant
        | Unexpected::NewtypeVariant
        | Unexpected::TupleVariant
        | Unexpected::StructVariant => "an enum variant".to_owned(),
    }
}

/// What a node holds, for "found ...".
fn describe(doc: &Document, id: NodeId) -> String {
    match &doc.node(id).kind {
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null if s.text.is_empty() => "nothing".to_owned(),
            Resolved::Null => format!("null {}", quote(&s.text)),
            Resolved::Bool(_) => format!("a boolean {}", quote(&s.text)),
            Resolved::Int(_) => format!("an integer {}", quote(&s.text)),
            Resolved::Float(_) => format!("a number {}", quote(&s.text)),
            Resolved::Str(text) => format!("a string {}", quote(text)),
        },
        NodeKind::List(_) => "a list".to_owned(),
        NodeKind::Map(_) => "a mapping".to_owned(),
    }
}

/// The span to locate a problem with a node at: a scalar whole (an empty value: its key), a
/// flow collection whole, a block collection on its first line only. The arena has no text, so
/// the first line is found from the spans of the first children.
fn first_line(doc: &Document, id: NodeId) -> Range<usize> {
    first_line_within(doc, id, MAX_DEPTH)
}

/// [`first_line`], going at most `depth` lists down (aliases can make a list its own item).
fn first_line_within(doc: &Document, id: NodeId, depth: usize) -> Range<usize> {
    let node = doc.node(id);
    let span = node.span.clone();
    match &node.kind {
        NodeKind::Scalar(_) => {
            if let (true, Slot::Value(key)) = (span.is_empty(), node.slot) {
                return doc.node(key).span.clone();
            }
            span
        }
        NodeKind::Map(entries) => {
            let Some(&(key, value)) = entries.first() else {
                return span;
            };
            if is_flow(doc, id) {
                return span;
            }
            let value_node = doc.node(value);
            let same_line = match &value_node.kind {
                NodeKind::Scalar(s) => !value_node.span.is_empty() && s.style != Style::Block,
                _ => is_flow(doc, value),
            };
            let end = if same_line {
                value_node.span.end
            } else {
                doc.node(key).span.end
            };
            span.start..end.max(span.start)
        }
        NodeKind::List(items) => match items.first() {
            Some(&first) if depth > 0 && !is_flow(doc, id) => {
                span.start..first_line_within(doc, first, depth - 1).end.max(span.start)
            }
            _ => span,
        },
    }
}

/// Whether a collection was written in flow style: its span runs past its last child to the
/// closing bracket (a block collection ends at its last child).
fn is_flow(doc: &Document, id: NodeId) -> bool {
    let node = doc.node(id);
    let children_end = match &node.kind {
        NodeKind::Scalar(_) => return false,
        NodeKind::List(items) => items.iter().map(|i| doc.node(*i).span.end).max(),
        NodeKind::Map(entries) => entries
            .iter()
            .flat_map(|(k, v)| [doc.node(*k).span.end, doc.node(*v).span.end])
            .max(),
    };
    children_end.is_none_or(|end| node.span.end > end)
}

/// Our deserializer: one node of the arena.
struct Reader<'c, 'd, 'm> {
    ctx: &'c Ctx<'d, 'm>,
    id: NodeId,
    depth: usize,
    /// Keys read as strings whatever they resolve to (`2024:` names the key `2024`).
    is_key: bool,
}

impl<'c, 'd, 'm> Reader<'c, 'd, 'm> {
    fn value(ctx: &'c Ctx<'d, 'm>, id: NodeId, depth: usize) -> Self {
        Reader {
            ctx,
            id,
            depth,
            is_key: false,
        }
    }

    fn key(ctx: &'c Ctx<'d, 'm>, id: NodeId, depth: usize) -> Self {
        Reader {
            ctx,
            id,
            depth,
            is_key: true,
        }
    }

    fn doc(&self) -> &'d Document {
        self.ctx.doc
    }

    fn span(&self) -> Range<usize> {
        first_line(self.doc(), self.id)
    }

    fn scalar(&self) -> Option<&'d Scalar> {
        match &self.doc().node(self.id).kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// ``expected {what}, found ...`` at this node.
    fn mismatch(&self, what: &str) -> Error {
        Error::new(format!(
            "expected {what}, found {}",
            describe(self.doc(), self.id)
        ))
        .at(self.span())
    }

    /// Counts a node read; refuses cycles and alias expansions past the budget.
    fn enter(&self) -> Result<(), Error> {
        let visits = self.ctx.visits.get() + 1;
        self.ctx.visits.set(visits);
        let message = if self.depth > MAX_DEPTH {
            "aliases nest this value inside itself; reglint cannot read it"
        } else if visits > self.ctx.budget() {
            "aliases expand this value past what reglint reads; write it out instead"
        } else {
            return Ok(());
        };
        let mut error = Error::new(message.to_owned()).at(self.span());
        error.is_fatal = true;
        Err(error)
    }

    fn int(&self, min: i128, max: i128) -> Result<i128, Error> {
        match self.scalar().map(Scalar::resolve) {
            Some(Resolved::Int(v)) if (min..=max).contains(&i128::from(v)) => Ok(i128::from(v)),
            Some(Resolved::Int(_)) if min == 0 && max >= i128::from(i64::MAX) => {
                Err(self.mismatch("a non-negative integer"))
            }
            Some(Resolved::Int(_)) => {
                Err(self.mismatch(&format!("an integer from {min} to {max}")))
            }
            _ => Err(self.mismatch("an integer")),
        }
    }

    fn float(&self) -> Result<f64, Error> {
        match self.scalar().map(Scalar::resolve) {
            Some(Resolved::Float(v)) => Ok(v),
            #[expect(
                clippy::cast_precision_loss,
                reason = "an integer where a number is asked for reads as the nearest float"
            )]
            Some(Resolved::Int(v)) => Ok(v as f64),
            _ => Err(self.mismatch("a number")),
        }
    }

    /// The text of a string scalar; keys may be any scalar.
    fn str(&self) -> Result<&'d str, Error> {
        let Some(scalar) = self.scalar() else {
            return Err(self.mismatch("a string"));
        };
        match scalar.resolve() {
            Resolved::Str(_) => Ok(scalar.text.as_str()),
            _ if self.is_key => Ok(scalar.text.as_str()),
            _ => Err(self.mismatch("a string").with_help(
                (scalar.style == Style::Plain && !scalar.text.is_empty())
                    .then(|| format!("put it in quotes to read it as text: `\"{}\"`", scalar.text)),
            )),
        }
    }

    fn map_access(
        &self,
        fields: Option<&'static [&'static str]>,
    ) -> Result<MapReader<'c, 'd, 'm>, Error> {
        match &self.doc().node(self.id).kind {
            NodeKind::Map(entries) => Ok(MapReader {
                ctx: self.ctx,
                map: self.id,
                entries,
                next: 0,
                value: None,
                depth: self.depth + 1,
                fields,
                seen: HashSet::new(),
            }),
            _ => Err(self.mismatch("a mapping")),
        }
    }

    fn seq_access(&self) -> Result<SeqReader<'c, 'd, 'm>, Error> {
        match &self.doc().node(self.id).kind {
            NodeKind::List(items) => Ok(SeqReader {
                ctx: self.ctx,
                list: self.id,
                items,
                next: 0,
                depth: self.depth + 1,
            }),
            _ => Err(self.mismatch("a list")),
        }
    }

    /// An error from a list visitor: a wrong length caused by masked items is not news.
    fn seq_error(&self, error: Error) -> Error {
        let has_masked = match &self.doc().node(self.id).kind {
            NodeKind::List(items) => {
                (0..items.len()).any(|i| self.ctx.masked.contains(&(self.id, i)))
            }
            _ => false,
        };
        let mut error = error.at(self.span());
        if error.kind == ErrorKind::Length && has_masked {
            error.is_silent = true;
        }
        error
    }

    /// An error from a struct visitor: a missing key is located at the mapping, and not
    /// reported when masking removed it or a misspelling of it was already reported.
    fn struct_error(&self, error: Error, fields: &[&str]) -> Error {
        let ErrorKind::MissingField(field) = error.kind else {
            return error.at(self.span());
        };
        let mut error = error.at(self.span());
        if let NodeKind::Map(entries) = &self.doc().node(self.id).kind {
            let doc = self.doc();
            error.is_silent = entries.iter().enumerate().any(|(i, (k, _))| {
                let Some(text) = doc.scalar_text(*k) else {
                    return false;
                };
                (text == field && self.ctx.masked.contains(&(self.id, i)))
                    || (!fields.contains(&text)
                        && did_you_mean(text, fields.iter().copied()) == Some(field))
            });
        }
        error
    }
}

macro_rules! deserialize_int {
    ($($method:ident => $visit:ident, $ty:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.enter()?;
            let v = self.int(i128::from(<$ty>::MIN), i128::from(<$ty>::MAX))?;
            let v = <$ty>::try_from(v).map_err(|_| self.mismatch("an integer"))?;
            visitor.$visit(v).map_err(|e: Error| e.at(self.span()))
        }
    )*};
}

impl<'de> Deserializer<'de> for Reader<'_, 'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let doc = self.doc();
        let result = match &doc.node(self.id).kind {
            NodeKind::Scalar(s) => match s.resolve() {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(v) => visitor.visit_i64(v),
                Resolved::Float(v) => visitor.visit_f64(v),
                Resolved::Str(_) => visitor.visit_borrowed_str(s.text.as_str()),
            },
            NodeKind::List(_) => {
                let access = self.seq_access()?;
                return visitor.visit_seq(access).map_err(|e| self.seq_error(e));
            }
            NodeKind::Map(_) => visitor.visit_map(self.map_access(None)?),
        };
        result.map_err(|e: Error| e.at(self.span()))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        match self.scalar().map(Scalar::resolve) {
            Some(Resolved::Bool(b)) => visitor.visit_bool(b).map_err(|e: Error| e.at(self.span())),
            _ => Err(self.mismatch("`true` or `false`")),
        }
    }

    deserialize_int! {
        deserialize_i8 => visit_i8, i8;
        deserialize_i16 => visit_i16, i16;
        deserialize_i32 => visit_i32, i32;
        deserialize_i64 => visit_i64, i64;
        deserialize_i128 => visit_i128, i128;
        deserialize_u8 => visit_u8, u8;
        deserialize_u16 => visit_u16, u16;
        deserialize_u32 => visit_u32, u32;
        deserialize_u64 => visit_u64, u64;
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let v = self.int(0, i128::MAX)?;
        let v = u128::try_from(v).map_err(|_| self.mismatch("a non-negative integer"))?;
        visitor.visit_u128(v).map_err(|e: Error| e.at(self.span()))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let v = self.float()?;
        visitor.visit_f64(v).map_err(|e: Error| e.at(self.span()))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let text = self.str()?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c).map_err(|e: Error| e.at(self.span())),
            _ => Err(self.mismatch("a single character")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let text = self.str()?;
        visitor
            .visit_borrowed_str(text)
            .map_err(|e: Error| e.at(self.span()))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let text = self.str()?;
        visitor
            .visit_borrowed_bytes(text.as_bytes())
            .map_err(|e: Error| e.at(self.span()))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar().map(Scalar::resolve) {
            Some(Resolved::Null) => {
                self.enter()?;
                visitor.visit_none().map_err(|e: Error| e.at(self.span()))
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        match self.scalar().map(Scalar::resolve) {
            Some(Resolved::Null) => visitor.visit_unit().map_err(|e: Error| e.at(self.span())),
            _ => Err(self.mismatch("nothing")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let access = self.seq_access()?;
        visitor.visit_seq(access).map_err(|e| self.seq_error(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let access = self.map_access(None)?;
        visitor
            .visit_map(access)
            .map_err(|e: Error| e.at(self.span()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED && fields == SPANNED_FIELDS {
            let span = self.doc().node(self.id).span.clone();
            return visitor.visit_map(SpannedAccess {
                reader: Some(self),
                start: span.start,
                end: span.end,
                next: 0,
            });
        }
        self.enter()?;
        let access = self.map_access(Some(fields))?;
        visitor
            .visit_map(access)
            .map_err(|e| self.struct_error(e, fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.enter()?;
        let doc = self.doc();
        let (tag, content) = match &doc.node(self.id).kind {
            NodeKind::Scalar(s) if matches!(s.resolve(), Resolved::Str(_)) => (self.id, None),
            NodeKind::Map(entries) => {
                let live: Vec<(usize, &(NodeId, NodeId))> = entries
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !self.ctx.masked.contains(&(self.id, *i)))
                    .collect();
                match live[..] {
                    [(i, &(key, value))] => (key, Some((i, value))),
                    _ => {
                        return Err(self.mismatch(&format!(
                            "a mapping with one key, one of {}",
                            backticked(variants)
                        )));
                    }
                }
            }
            _ => return Err(self.mismatch(&format!("one of {}", backticked(variants)))),
        };
        let access = EnumReader {
            ctx: self.ctx,
            map: self.id,
            tag,
            content,
            depth: self.depth + 1,
        };
        visitor
            .visit_enum(access)
            .map_err(|e: Error| e.at(self.span()))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// Hands [`Spanned`]'s visitor the node's start, end and value.
struct SpannedAccess<'c, 'd, 'm> {
    reader: Option<Reader<'c, 'd, 'm>>,
    start: usize,
    end: usize,
    next: usize,
}

impl<'de> MapAccess<'de> for SpannedAccess<'_, 'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(&key) = SPANNED_FIELDS.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let field = self.next;
        self.next += 1;
        match field {
            0 => seed.deserialize(U64Deserializer::new(self.start as u64)),
            1 => seed.deserialize(U64Deserializer::new(self.end as u64)),
            _ => match self.reader.take() {
                Some(reader) => seed.deserialize(reader),
                None => Err(Error::new("a span has one value".to_owned())),
            },
        }
    }
}

/// The items of a list, masked ones left out.
struct SeqReader<'c, 'd, 'm> {
    ctx: &'c Ctx<'d, 'm>,
    list: NodeId,
    items: &'d [NodeId],
    next: usize,
    depth: usize,
}

impl<'de> SeqAccess<'de> for SeqReader<'_, 'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        while let Some(&item) = self.items.get(self.next) {
            let index = self.next;
            self.next += 1;
            if self.ctx.masked.contains(&(self.list, index)) {
                continue;
            }
            return seed
                .deserialize(Reader::value(self.ctx, item, self.depth))
                .map(Some)
                .map_err(|e| e.masking((self.list, index)));
        }
        Ok(None)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len().saturating_sub(self.next))
    }
}

/// The entries of a mapping: masked ones, repeats of a key and (for a struct) unknown keys
/// left out, the unknown ones recorded.
struct MapReader<'c, 'd, 'm> {
    ctx: &'c Ctx<'d, 'm>,
    map: NodeId,
    entries: &'d [(NodeId, NodeId)],
    next: usize,
    /// The entry whose key was handed out: (index, value node).
    value: Option<(usize, NodeId)>,
    depth: usize,
    fields: Option<&'static [&'static str]>,
    seen: HashSet<&'d str>,
}

impl MapReader<'_, '_, '_> {
    /// Whether to hand this entry out; unknown keys of a struct are recorded here.
    fn is_read(&mut self, index: usize, key: NodeId) -> bool {
        if self.ctx.masked.contains(&(self.map, index)) {
            return false;
        }
        let doc = self.ctx.doc;
        let Some(text) = doc.scalar_text(key) else {
            if self.fields.is_some() {
                self.ctx.recorded.borrow_mut().push(ReadError {
                    span: first_line(doc, key),
                    message: format!("expected a key name, found {}", describe(doc, key)),
                    help: None,
                });
                return false;
            }
            return true;
        };
        if !self.seen.insert(text) {
            // A repeat: the loader reported it; the first occurrence is the one read.
            return false;
        }
        match self.fields {
            Some(fields) if !fields.contains(&text) => {
                self.ctx.recorded.borrow_mut().push(ReadError {
                    span: doc.node(key).span.clone(),
                    message: format!("unknown key `{text}`"),
                    help: Some(key_help(text, fields)),
                });
                false
            }
            _ => true,
        }
    }
}

impl<'de> MapAccess<'de> for MapReader<'_, 'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while let Some(&(key, value)) = self.entries.get(self.next) {
            let index = self.next;
            self.next += 1;
            if !self.is_read(index, key) {
                continue;
            }
            self.value = Some((index, value));
            return seed
                .deserialize(Reader::key(self.ctx, key, self.depth))
                .map(Some)
                .map_err(|e| e.masking((self.map, index)));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((index, value)) = self.value.take() else {
            return Err(Error::new(
                "a value was asked for before its key".to_owned(),
            ));
        };
        seed.deserialize(Reader::value(self.ctx, value, self.depth))
            .map_err(|e| e.masking((self.map, index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len().saturating_sub(self.next))
    }
}

/// An enum: a string naming a unit variant, or a one-key mapping `variant: content`.
struct EnumReader<'c, 'd, 'm> {
    ctx: &'c Ctx<'d, 'm>,
    map: NodeId,
    tag: NodeId,
    /// The content's entry index and node, for the mapping form.
    content: Option<(usize, NodeId)>,
    depth: usize,
}

impl<'c, 'de, 'm> EnumAccess<'de> for EnumReader<'c, 'de, 'm> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let tag = seed.deserialize(Reader::key(self.ctx, self.tag, self.depth))?;
        Ok((tag, self))
    }
}

impl<'c, 'de, 'm> EnumReader<'c, 'de, 'm> {
    /// The content of a variant that needs one.
    fn content(&self, what: &str) -> Result<Reader<'c, 'de, 'm>, Error> {
        match self.content {
            Some((_, value)) => Ok(Reader::value(self.ctx, value, self.depth)),
            None => Err(Error::new(format!(
                "expected `{}:` followed by {what}, found only the name",
                self.ctx.doc.scalar_text(self.tag).unwrap_or_default()
            ))
            .at(self.ctx.doc.node(self.tag).span.clone())),
        }
    }

    fn mask(&self, error: Error) -> Error {
        match self.content {
            Some((index, _)) => error.masking((self.map, index)),
            None => error,
        }
    }
}

impl<'de> VariantAccess<'de> for EnumReader<'_, 'de, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.content {
            None => Ok(()),
            Some((_, value)) if self.ctx.doc.is_null(value) => Ok(()),
            Some((_, value)) => Err(self.mask(
                Error::new(format!(
                    "expected nothing after `{}:`, found {}",
                    self.ctx.doc.scalar_text(self.tag).unwrap_or_default(),
                    describe(self.ctx.doc, value)
                ))
                .at(first_line(self.ctx.doc, value)),
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        let reader = self.content("a value")?;
        seed.deserialize(reader).map_err(|e| self.mask(e))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let reader = self.content("a list")?;
        reader.deserialize_seq(visitor).map_err(|e| self.mask(e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let reader = self.content("a mapping")?;
        reader
            .deserialize_struct("", fields, visitor)
            .map_err(|e| self.mask(e))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::yaml::{Limits, parse};

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Level {
        Error,
        Warning,
        Info,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Output {
        format: Option<String>,
        #[serde(default)]
        color: bool,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Config {
        version: u64,
        pack: Option<String>,
        #[serde(default)]
        strict: bool,
        today: Option<String>,
        #[serde(default)]
        paths: Vec<Spanned<String>>,
        #[serde(default)]
        severity: BTreeMap<String, Level>,
        output: Option<Output>,
    }

    /// (text under the span, message, help) of each error.
    type Found = Vec<(String, String, Option<String>)>;

    fn read<T: DeserializeOwned>(text: &str) -> Result<T, Found> {
        let loaded = parse(text, 0, &Limits::default());
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let doc = &loaded.documents[0];
        from_node(doc, doc.root.unwrap_or_default()).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| (text[e.span].to_owned(), e.message, e.help))
                .collect()
        })
    }

    fn found(span: &str, message: &str, help: Option<&str>) -> (String, String, Option<String>) {
        (span.into(), message.into(), help.map(Into::into))
    }

    const GOOD: &str = "\
version: 1
pack: \"1\"
strict: true
today: 2026-03-14
paths:
  - registers/
  - 'more'
severity:
  RL001: error
  RL002: info
output:
  format: json
";

    #[test]
    fn a_config_reads_into_its_types() {
        let config: Config = read(GOOD).unwrap();
        assert_eq!(config.version, 1);
        assert_eq!(config.pack.as_deref(), Some("1"));
        assert!(config.strict);
        assert_eq!(config.today.as_deref(), Some("2026-03-14"));
        let paths: Vec<&str> = config.paths.iter().map(|p| p.value.as_str()).collect();
        assert_eq!(paths, ["registers/", "more"]);
        assert_eq!(config.severity["RL001"], Level::Error);
        assert_eq!(config.severity["RL002"], Level::Info);
        assert_eq!(
            config.output,
            Some(Output {
                format: Some("json".into()),
                color: false
            })
        );
    }

    #[test]
    fn spanned_values_carry_their_node_span() {
        let loaded = parse(GOOD, 0, &Limits::default());
        let doc = &loaded.documents[0];
        let root = doc.root.unwrap();
        let config: Config = from_node(doc, root).unwrap();
        let paths = doc.get(root, "paths").unwrap();
        let NodeKind::List(items) = &doc.node(paths).kind else {
            panic!("paths is a list");
        };
        let spans: Vec<Range<usize>> = items.iter().map(|i| doc.node(*i).span.clone()).collect();
        let read: Vec<Range<usize>> = config.paths.iter().map(|p| p.span.clone()).collect();
        assert_eq!(read, spans);
        assert_eq!(&GOOD[read[1].clone()], "'more'");
    }

    #[test]
    fn spanned_keys_and_collections_carry_their_spans() {
        let text = "a: [1, 2]\nb:\n  c: 3\n";
        let map: BTreeMap<Spanned<String>, Spanned<serde_json::Value>> = read(text).unwrap();
        let entries: Vec<(&str, &str)> = map
            .iter()
            .map(|(k, v)| (&text[k.span.clone()], &text[v.span.clone()]))
            .collect();
        assert_eq!(entries, [("a", "[1, 2]"), ("b", "c: 3")]);
    }

    #[test]
    fn unknown_keys_are_all_reported_with_a_suggestion() {
        let text = "verison: 1\nbanana: 2\noutput:\n  fromat: json\n";
        assert_eq!(
            read::<Config>(text).unwrap_err(),
            [
                found(
                    "verison",
                    "unknown key `verison`",
                    Some("did you mean `version`?")
                ),
                found(
                    "banana",
                    "unknown key `banana`",
                    Some(
                        "valid keys here: `version`, `pack`, `strict`, `today`, `paths`, \
                         `severity`, `output`"
                    )
                ),
                found(
                    "fromat",
                    "unknown key `fromat`",
                    Some("did you mean `format`?")
                ),
            ]
        );
    }

    #[test]
    fn wrong_types_in_different_places_are_all_reported() {
        let text = "version: 1\nstrict: maybe\npaths: abc\noutput:\n  color: 3\n";
        assert_eq!(
            read::<Config>(text).unwrap_err(),
            [
                found(
                    "maybe",
                    "expected `true` or `false`, found a string `maybe`",
                    None
                ),
                found("abc", "expected a list, found a string `abc`", None),
                found(
                    "3",
                    "expected `true` or `false`, found an integer `3`",
                    None
                ),
            ]
        );
    }

    #[test]
    fn each_bad_list_item_is_reported() {
        let text = "version: 1\npaths: [a, 1, b, [c]]\n";
        assert_eq!(
            read::<Config>(text).unwrap_err(),
            [
                found(
                    "1",
                    "expected a string, found an integer `1`",
                    Some("put it in quotes to read it as text: `\"1\"`")
                ),
                found("[c]", "expected a string, found a list", None),
            ]
        );
    }

    #[test]
    fn a_bad_enum_value_suggests_the_valid_ones() {
        let text = "version: 1\nseverity:\n  RL001: wraning\n  RL002: loud\n";
        assert_eq!(
            read::<Config>(text).unwrap_err(),
            [
                found(
                    "wraning",
                    "unknown value `wraning`",
                    Some("did you mean `warning`? expected one of `error`, `warning`, `info`")
                ),
                found(
                    "loud",
                    "unknown value `loud`",
                    Some("expected one of `error`, `warning`, `info`")
                ),
            ]
        );
    }

    #[test]
    fn a_quoted_number_is_a_string() {
        let config: Config = read("version: 1\npack: \"12\"\n").unwrap();
        assert_eq!(config.pack.as_deref(), Some("12"));
    }

    #[test]
    fn an_integer_where_a_string_is_expected_is_an_error() {
        assert_eq!(
            read::<Config>("version: 1\npack: 12\n").unwrap_err(),
            [found(
                "12",
                "expected a string, found an integer `12`",
                Some("put it in quotes to read it as text: `\"12\"`")
            )]
        );
    }

    #[test]
    fn a_missing_required_key_is_reported_at_the_mapping() {
        assert_eq!(
            read::<Config>("pack: x\nstrict: true\n").unwrap_err(),
            [found("pack: x", "missing required key `version`", None)]
        );
    }

    #[test]
    fn a_key_removed_by_an_earlier_error_is_not_reported_missing() {
        assert_eq!(
            read::<Config>("version: one\n").unwrap_err(),
            [found(
                "one",
                "expected an integer, found a string `one`",
                None
            )]
        );
    }

    #[test]
    fn an_empty_value_is_located_at_its_key() {
        assert_eq!(
            read::<Config>("version:\nstrict: true\n").unwrap_err(),
            [found("version", "expected an integer, found nothing", None)]
        );
    }

    #[test]
    fn integers_out_of_range_say_the_range() {
        assert_eq!(
            read::<BTreeMap<String, u8>>("a: 300\nb: -1\n").unwrap_err(),
            [
                found(
                    "300",
                    "expected an integer from 0 to 255, found an integer `300`",
                    None
                ),
                found(
                    "-1",
                    "expected an integer from 0 to 255, found an integer `-1`",
                    None
                ),
            ]
        );
        assert_eq!(
            read::<Vec<u64>>("[-1]").unwrap_err(),
            [found(
                "-1",
                "expected a non-negative integer, found an integer `-1`",
                None
            )]
        );
    }

    #[test]
    fn a_repeated_key_reads_its_first_occurrence() {
        let loaded = parse("a: 1\na: 2\n", 0, &Limits::default());
        let doc = &loaded.documents[0];
        let map: BTreeMap<String, u64> = from_node(doc, doc.root.unwrap()).unwrap();
        assert_eq!(map["a"], 1);
    }

    #[test]
    fn any_reads_the_resolved_type() {
        let value: serde_json::Value = read("[yes, 'true', true, 017, 1.5, ~]").unwrap();
        assert_eq!(
            value,
            serde_json::json!(["yes", "true", true, 17, 1.5, null])
        );
    }

    #[test]
    fn aliases_expanding_past_the_budget_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let errors = read::<serde_json::Value>(&text).unwrap_err();
        assert!(
            errors.iter().all(|(_, m, _)| m.contains("aliases expand")),
            "{errors:?}"
        );
    }

    #[test]
    fn spanned_reads_with_other_deserializers_without_a_span() {
        let list: Spanned<Vec<u32>> = serde_json::from_str("[1, 2]").unwrap();
        assert_eq!(list, Spanned::new(vec![1, 2], 0..0));
        let output: Spanned<Output> = serde_json::from_str(r#"{"format": "json"}"#).unwrap();
        assert_eq!(output.value.format.as_deref(), Some("json"));
        assert_eq!(
            serde_json::to_string(&output.value.format).unwrap(),
            r#""json""#
        );
        assert_eq!(serde_json::to_string(&Spanned::new(3, 4..5)).unwrap(), "3");
    }

    #[test]
    fn spanned_has_the_schema_of_its_value() {
        let spanned = schemars::schema_for!(Spanned<Vec<String>>);
        let plain = schemars::schema_for!(Vec<String>);
        assert_eq!(spanned, plain);
    }
}
