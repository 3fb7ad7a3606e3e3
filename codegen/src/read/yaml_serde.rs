//! Deserializes the typed model straight from a [`Node`] tree, without building an intermediate
//! JSON value: on a large registry that copy cost as much as the shape check it fed.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use crate::read::yaml::{Key, Node, Value};

/// The error of a failed deserialization; the loader then runs the shape check, which locates
/// and explains every mismatch, so this message is only a fallback.
pub type Error = de::value::Error;

pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node<'_>) -> Result<T, Error> {
    T::deserialize(node)
}

impl<'de> IntoDeserializer<'de, Error> for &'de Node<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for &'de Node<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(text) => match self.to_json() {
                serde_json::Value::Number(n) if n.is_u64() => visitor.visit_u64(n.as_u64().unwrap_or_default()),
                serde_json::Value::Number(n) if n.is_i64() => visitor.visit_i64(n.as_i64().unwrap_or_default()),
                serde_json::Value::Number(n) => visitor.visit_f64(n.as_f64().unwrap_or_default()),
                _ => visitor.visit_borrowed_str(text),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visit_items(items, visitor),
            Value::Map(entries) => visit_entries(entries, visitor),
        }
    }

    // The model asks for strings, structs, lists and names far more often than for anything
    // else: these go straight to the visitor when the node is what was asked for, and through
    // `deserialize_any` (the same visit, and the same error) otherwise.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Seq(items) => visit_items(items, visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Map(entries) => visit_entries(entries, visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.value {
            Value::String(s) => s.as_ref().into_deserializer().deserialize_enum(name, variants, visitor),
            _ => Err(de::Error::invalid_type(de::Unexpected::Other("a non-string value"), &"a name")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct
        tuple tuple_struct ignored_any
    }
}

fn visit_items<'de, V: Visitor<'de>>(items: &'de [Node<'_>], visitor: V) -> Result<V::Value, Error> {
    visitor.visit_seq(SeqDeserializer::new(items.iter()))
}

fn visit_entries<'de, V: Visitor<'de>>(entries: &'de [(Key<'_>, Node<'_>)], visitor: V) -> Result<V::Value, Error> {
    visitor.visit_map(MapDeserializer::new(entries.iter().map(|(key, value)| (key.name.as_ref(), value))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Provider;

    #[test]
    fn reads_the_model_like_serde_json_does() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../providers/paligo.yaml")).unwrap();
        let node = crate::read::parse(&text).unwrap();
        let direct: Provider = from_node(&node).unwrap();
        let via_json: Provider = serde_json::from_value(node.to_json()).unwrap();
        assert_eq!(serde_json::to_value(&direct).unwrap(), serde_json::to_value(&via_json).unwrap());
    }

    #[test]
    fn refuses_what_the_model_refuses() {
        let node = crate::read::parse("display_name: 12\n").unwrap();
        assert!(from_node::<Provider>(&node).is_err());
        let node = crate::read::parse("title: t\ndescription: d\nsurprise: 1\n").unwrap();
        assert!(from_node::<crate::model::Field>(&node).is_err());
    }
}
