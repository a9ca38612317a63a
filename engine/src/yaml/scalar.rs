//! Scalars: how one was written and how YAML reads it.
//!
//! Kept apart from the arena because reading a scalar is a question of YAML's schemas, not of
//! parsing: the 1.2 core rules that reglint resolves by, and the 1.1 readings that older
//! loaders still apply (`yes`, `017`, `12:30`), which `ambiguous-scalar` warns about. Resolution
//! never fails: anything that is not a null, bool or number is a string, as written.

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: subject to type resolution.
    Plain,
    /// Single- or double-quoted: always a string.
    Quoted,
    /// A literal (`|`) or folded (`>`) block: always a string.
    Block,
}

/// A scalar's value as YAML 1.2's core schema reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<'a> {
    /// `~`, `null`, or nothing.
    Null,
    /// `true` / `false` (and their capitalised forms).
    Bool(bool),
    /// A decimal, `0o` octal or `0x` hex integer.
    Int(i64),
    /// A float, including `.inf` and `.nan`.
    Float(f64),
    /// Everything else, and every quoted or block scalar.
    Str(&'a str),
}

/// A scalar as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The scalar's value after YAML escapes and folding (for plain scalars, what was written).
    pub text: String,
    /// How it was written.
    pub style: Style,
    /// Whether a `!!str` tag forces it to be a string.
    pub tagged_str: bool,
}

impl Scalar {
    /// Resolves the scalar by YAML 1.2 core rules (`yes`, `no`, dates stay strings).
    pub fn resolve(&self) -> Resolved<'_> {
        if self.style != Style::Plain || self.tagged_str {
            return Resolved::Str(&self.text);
        }
        resolve_plain(&self.text)
    }
}

impl Scalar {
    /// How YAML reads this scalar if not as a string, by 1.2 core rules or, for registers
    /// still read by 1.1 loaders, 1.1 rules (`yes`, `on`, `017`, `12:30`). Dates are left
    /// alone: both versions' loaders commonly keep or accept them as written.
    pub fn non_string_reading(&self) -> Option<&'static str> {
        if self.style != Style::Plain || self.tagged_str {
            return None;
        }
        // Every other reading is a word of at most five letters (`false`, `NULL`, `yes`) or
        // starts with a digit, a sign, a dot or `~`: most text (`Encrypt data at rest`,
        // `REQ-CUST-001`) is settled by its first byte.
        if self.text.len() > 5 && self.text.as_bytes()[0].is_ascii_alphabetic() {
            return None;
        }
        match self.resolve() {
            Resolved::Bool(_) => return Some("YAML reads as a boolean"),
            Resolved::Int(_) | Resolved::Float(_) => return Some("YAML reads as a number"),
            Resolved::Null | Resolved::Str(_) => {}
        }
        yaml11_reading(&self.text)
    }
}

/// What YAML 1.1 reads a plain scalar as, when not a string (timestamps aside).
fn yaml11_reading(text: &str) -> Option<&'static str> {
    const BOOLS: [&str; 22] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if BOOLS.contains(&text) {
        return Some("YAML 1.1 reads as a boolean");
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits =
        |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c == '_' || c.is_digit(radix));
    let number = (body.starts_with("0b") && digits(&body[2..], 2))
        || (body.starts_with("0x") && digits(&body[2..], 16))
        || (body.starts_with(|c: char| c.is_ascii_digit()) && digits(body, 10));
    if number {
        return Some("YAML 1.1 reads as a number");
    }
    // Base 60: `12:30` is 750 to a YAML 1.1 loader.
    let mut parts = body.split(':');
    let head = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    if !rest.is_empty()
        && head.starts_with(|c: char| c.is_ascii_digit())
        && digits(head, 10)
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && digits(p, 10))
    {
        return Some("YAML 1.1 reads as a number in base 60");
    }
    // `[0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?`: version-like `1.2.3` too.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let float = mantissa.contains('.')
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && !mantissa.starts_with('_')
        && exponent.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            digits(e, 10)
        });
    float.then_some("YAML 1.1 reads as a number")
}

fn resolve_plain(text: &str) -> Resolved<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    // Past the words above, every number starts with a digit, a sign or a dot.
    if text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return Resolved::Str(text);
    }
    resolve_number(text)
}

/// A plain scalar that is not one of the core schema's words, as a number when it is one.
fn resolve_number(text: &str) -> Resolved<'_> {
    let bytes = text.as_bytes();
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            if let Ok(v) = i64::from_str_radix(oct, 8) {
                return Resolved::Int(v);
            }
        }
        return Resolved::Str(text);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(v) = i64::from_str_radix(hex, 16) {
                return Resolved::Int(v);
            }
        }
        return Resolved::Str(text);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map_or(Resolved::Str(text), Resolved::Int);
    }
    if is_core_float(digits)
        && bytes
            .first()
            .is_some_and(|b| *b != b'.' || digits.len() > 1)
    {
        if let Ok(v) = text.parse::<f64>() {
            return Resolved::Float(v);
        }
    }
    Resolved::Str(text)
}

/// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit before the exponent.
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let has_digit = !int.is_empty() || frac.is_some_and(|f| !f.is_empty());
    let exp_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    has_digit
        && digits(int)
        && frac.is_none_or(digits)
        && exp_ok
        && (frac.is_some() || exponent.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_resolve_by_yaml_1_2_core_rules() {
        for (text, expected) in [
            ("yes", Resolved::Str("yes")),
            ("no", Resolved::Str("no")),
            ("true", Resolved::Bool(true)),
            ("False", Resolved::Bool(false)),
            ("12", Resolved::Int(12)),
            ("017", Resolved::Int(17)),
            ("0o17", Resolved::Int(15)),
            ("8.10", Resolved::Float(8.1)),
            ("2026-03-14", Resolved::Str("2026-03-14")),
            ("A.8.24", Resolved::Str("A.8.24")),
            ("~", Resolved::Null),
            ("", Resolved::Null),
            ("12:30", Resolved::Str("12:30")),
            (".", Resolved::Str(".")),
        ] {
            assert_eq!(resolve_plain(text), expected, "{text}");
        }
    }

    #[test]
    fn strings_that_yaml_reads_otherwise_are_recognised() {
        let reading = |text: &str| {
            Scalar {
                text: text.into(),
                style: Style::Plain,
                tagged_str: false,
            }
            .non_string_reading()
        };
        for text in [
            "no", "NO", "on", "y", "true", "8.10", "017", "12:30", "0b101", "1_000", "1.2.3",
        ] {
            assert!(reading(text).is_some(), "{text}");
        }
        for text in [
            "A.8.24",
            "OBJ-03",
            "2026-03-14",
            "CISO",
            "Head of Sales",
            "12:30 daily",
            "v1.2",
        ] {
            assert_eq!(reading(text), None, "{text}");
        }
        let quoted = Scalar {
            text: "no".into(),
            style: Style::Quoted,
            tagged_str: false,
        };
        assert_eq!(quoted.non_string_reading(), None);
    }

    #[test]
    fn the_first_byte_shortcut_agrees_with_the_full_reading() {
        // Text of more than five bytes starting with a letter skips both schemas' rules;
        // these are the ones that come closest to a reading, and the rules agree.
        for text in [
            "e10000", "E+1234", "Infinity", "NaNNaN", "inf.00", "FALSE_", "falsey", "yes_no",
            "Null00", "b0101010", "x1F2E3D", "o01234", "Off-On", "A12:30", "e.5e10",
        ] {
            assert!(text.len() > 5 && text.as_bytes()[0].is_ascii_alphabetic());
            assert!(matches!(resolve_number(text), Resolved::Str(_)), "{text}");
            assert_eq!(yaml11_reading(text), None, "{text}");
        }
    }
}
