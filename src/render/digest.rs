//! What a page is made from, as a 128-bit digest: the page's template context written through
//! serde in a compact, unambiguous encoding and hashed with XXH3-128. Two contexts with the
//! same digest are the same serde data, so Tera turns them into the same values and the same
//! template prints the same page; `build` uses this to keep a page of the previous site
//! instead of rendering it again (`site::manifest`).
//!
//! The encoding is prefix-free: every value starts with a tag byte, strings and bytes carry
//! their length, sequences, maps and structs end with an end tag, and struct fields and enum
//! variants carry their names. A [`Shared`](super::views::Shared) view, already a template
//! value, is written as the digest of its view, made with the value, instead of the whole
//! view again on every page that shows it.

use std::cell::{Cell, RefCell};

use serde::ser::{self, Serialize};

thread_local! {
    /// True while [`digest`] runs on this thread: what tells a `Shared` value to write its
    /// digest instead of its value.
    static DIGESTING: Cell<bool> = const { Cell::new(false) };
    /// The encoding's buffer, reused from one digest to the next.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The digest of `value`.
pub fn digest<T: Serialize + ?Sized>(value: &T) -> u128 {
    let was = DIGESTING.replace(true);
    let hash = BUFFER.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => hash_of(value, &mut buf),
        // A digest made while another is being made (not done today): a buffer of its own.
        Err(_) => hash_of(value, &mut Vec::new()),
    });
    DIGESTING.set(was);
    hash
}

fn hash_of<T: Serialize + ?Sized>(value: &T, buf: &mut Vec<u8>) -> u128 {
    buf.clear();
    // Cannot fail: the encoder has no errors of its own and views serialise without any.
    let _ = value.serialize(Encoder(buf));
    xxhash_rust::xxh3::xxh3_128(buf)
}

/// Whether a digest is being made on this thread (see [`Shared`](super::views::Shared)).
pub fn digesting() -> bool {
    DIGESTING.get()
}

/// For `#[serde(skip_serializing_if)]`: a field a digest leaves out, because it takes what
/// the field is made from instead (a field marked [`not_in_digest`]).
pub fn in_digest<T>(_: &T) -> bool {
    digesting()
}

/// For `#[serde(skip_serializing_if)]`: a field only a digest takes; templates never see it.
pub fn not_in_digest<T>(_: &T) -> bool {
    !digesting()
}

/// The names under which a `Shared` value and a timeline entry write their digests.
pub const SHARED: &str = "$briefgen::Shared";
pub const ENTRY: &str = "$briefgen::Entry";

mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const UNIT_STRUCT: u8 = 11;
    pub const VARIANT: u8 = 12;
    pub const NEWTYPE: u8 = 13;
    pub const SEQ: u8 = 14;
    pub const TUPLE: u8 = 15;
    pub const MAP: u8 = 16;
    pub const STRUCT: u8 = 17;
    pub const END: u8 = 18;
    pub const INT128: u8 = 19;
    pub const UINT128: u8 = 20;
}

/// Writes serde data into a buffer in the digest's encoding.
struct Encoder<'a>(&'a mut Vec<u8>);

impl Encoder<'_> {
    fn tag(&mut self, tag: u8) -> &mut Self {
        self.0.push(tag);
        self
    }

    fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    fn reborrow(&mut self) -> Encoder<'_> {
        Encoder(self.0)
    }

    /// A value of a fixed size: its tag, then its bytes.
    fn fixed(mut self, tag: u8, bytes: &[u8]) -> Done {
        self.tag(tag).0.extend_from_slice(bytes);
        Ok(())
    }
}

/// Serialiser methods for narrower numbers, which are written as the wider ones (Tera holds
/// them so).
macro_rules! widen {
    ($($($method:ident($t:ty)),* => $wide:ident;)*) => {$($(
        fn $method(self, v: $t) -> Done {
            self.$wide(v.into())
        }
    )*)*};
}

/// The error type serde requires; the encoder itself never fails.
#[derive(Debug)]
pub struct Never(String);

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Never(msg.to_string())
    }
}

type Done = Result<(), Never>;

impl<'a> ser::Serializer for Encoder<'a> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Encoder<'a>;
    type SerializeTuple = Encoder<'a>;
    type SerializeTupleStruct = Encoder<'a>;
    type SerializeTupleVariant = Encoder<'a>;
    type SerializeMap = Encoder<'a>;
    type SerializeStruct = Encoder<'a>;
    type SerializeStructVariant = Encoder<'a>;

    fn serialize_bool(self, v: bool) -> Done {
        self.fixed(tag::BOOL, &[u8::from(v)])
    }
    widen! {
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32) => serialize_i64;
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32) => serialize_u64;
        serialize_f32(f32) => serialize_f64;
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.fixed(tag::INT, &v.to_le_bytes())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.fixed(tag::INT128, &v.to_le_bytes())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.fixed(tag::UINT, &v.to_le_bytes())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.fixed(tag::UINT128, &v.to_le_bytes())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.fixed(tag::FLOAT, &v.to_bits().to_le_bytes())
    }
    fn serialize_char(self, v: char) -> Done {
        self.fixed(tag::CHAR, &u32::from(v).to_le_bytes())
    }
    fn serialize_str(mut self, v: &str) -> Done {
        self.tag(tag::STR).bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Done {
        self.tag(tag::BYTES).bytes(v);
        Ok(())
    }
    fn serialize_none(mut self) -> Done {
        self.tag(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(mut self, value: &T) -> Done {
        self.tag(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(mut self) -> Done {
        self.tag(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(mut self, name: &'static str) -> Done {
        self.tag(tag::UNIT_STRUCT).bytes(name.as_bytes());
        Ok(())
    }
    fn serialize_unit_variant(mut self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.tag(tag::VARIANT).bytes(variant.as_bytes()).tag(tag::UNIT);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Done {
        self.tag(tag::NEWTYPE).bytes(name.as_bytes());
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.tag(tag::VARIANT).bytes(variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(mut self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(mut self, _: usize) -> Result<Self, Never> {
        self.tag(tag::TUPLE);
        Ok(self)
    }
    fn serialize_tuple_struct(mut self, name: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(tag::TUPLE).bytes(name.as_bytes());
        Ok(self)
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tag(tag::VARIANT).bytes(variant.as_bytes()).tag(tag::TUPLE);
        Ok(self)
    }
    fn serialize_map(mut self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(mut self, name: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(tag::STRUCT).bytes(name.as_bytes());
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tag(tag::VARIANT).bytes(variant.as_bytes()).tag(tag::STRUCT);
        Ok(self)
    }
}

/// Elements of sequences and tuples, then the end tag.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Encoder<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(self.reborrow())
            }
            fn end(mut self) -> Done {
                self.tag(tag::END);
                Ok(())
            }
        }
    )*};
}
elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Encoder<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(self.reborrow())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(self.reborrow())
    }
    fn end(mut self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

/// Fields with their names, then the end tag.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Encoder<'_> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Done {
                self.bytes(name.as_bytes());
                value.serialize(self.reborrow())
            }
            fn end(mut self) -> Done {
                self.tag(tag::END);
                Ok(())
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Card<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        note: Option<&'a str>,
    }

    fn card<'a>(title: &'a str, tags: &[&'a str], note: Option<&'a str>) -> u128 {
        digest(&Card { title, tags: tags.to_vec(), note })
    }

    #[test]
    fn equal_data_gives_equal_digests_and_any_difference_another() {
        let base = card("Vote", &["a", "b"], None);
        assert_eq!(base, card("Vote", &["a", "b"], None));
        let others = [
            card("Vote!", &["a", "b"], None),
            card("Vote", &["ab"], None),
            card("Vote", &["a", "b", ""], None),
            card("Vote", &["a"], Some("b")),
            card("Vote", &["a", "b"], Some("")),
            card("", &["Vote", "a", "b"], None),
        ];
        for (i, d) in others.iter().enumerate() {
            assert_ne!(*d, base, "variant {i}");
            for (j, e) in others.iter().enumerate().skip(i + 1) {
                assert_ne!(d, e, "variants {i} and {j}");
            }
        }
    }

    #[test]
    fn types_are_told_apart() {
        assert_ne!(digest(&1u8), digest(&1i8));
        assert_ne!(digest(&"1"), digest(&'1'));
        assert_ne!(digest(&()), digest(&None::<()>));
        assert_ne!(digest(&vec![1u8]), digest(&(1u8,)));
        assert_eq!(digest(&1u8), digest(&1u64), "the same number, as templates see it");
    }

    #[test]
    fn digesting_is_true_only_while_a_digest_is_made() {
        struct Probe;
        impl Serialize for Probe {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bool(digesting())
            }
        }
        assert!(!digesting());
        assert_eq!(digest(&Probe), digest(&true));
        assert!(!digesting());
    }
}
