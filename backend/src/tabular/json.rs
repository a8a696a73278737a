//! A JSON array of objects, read item by item (the whole document is never held as a tree), so
//! item 50,001 ends the reading and nesting is bounded by serde_json's recursion limit.

use std::{borrow::Cow, cell::RefCell, fmt};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{
    Refusal,
    bounds::MAX_COLUMNS,
    sheet::{Assembler, RawValue},
};

pub fn read(bytes: &[u8], sink: &mut Assembler) -> Result<(), Refusal> {
    // A refusal raised by the sink travels out through serde as a custom error; keep it here
    // so that it comes back as itself.
    let refused: RefCell<Option<Refusal>> = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = de.deserialize_any(Items { sink, refused: &refused }).and_then(|()| de.end());
    if let Some(r) = refused.into_inner() {
        return Err(r);
    }
    result.map_err(|e| {
        let message = e.to_string();
        if message.contains("recursion limit") {
            Refusal::unreadable("JSON 嵌套过深: 导入应为对象数组, 每项的值为文本或数字")
        } else {
            Refusal::unreadable(format!("JSON 格式错误: {message}"))
        }
    })
}

struct Items<'s, 'r> {
    sink: &'s mut Assembler,
    refused: &'r RefCell<Option<Refusal>>,
}

impl<'de> Visitor<'de> for Items<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON 导入应为对象数组")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut number = 0usize;
        while let Some(pairs) = seq.next_element_seed(Item { number: number + 1 })? {
            number += 1;
            if let Err(r) = self.sink.push_object(number, pairs) {
                *self.refused.borrow_mut() = Some(r);
                return Err(de::Error::custom("refused"));
            }
        }
        Ok(())
    }
}

/// One item: its keys and values in order.
struct Item {
    number: usize,
}

impl<'de> DeserializeSeed<'de> for Item {
    type Value = Vec<(String, RawValue<'static>)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Item {
    type Value = Vec<(String, RawValue<'static>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 项应为对象", self.number)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if pairs.len() >= MAX_COLUMNS {
                return Err(de::Error::custom(format!("第 {} 项的字段超过 {MAX_COLUMNS} 个", self.number)));
            }
            let value: serde_json::Value = map.next_value()?;
            let raw = match value {
                serde_json::Value::Null => RawValue::Text(Cow::Borrowed("")),
                serde_json::Value::String(s) => RawValue::Text(Cow::Owned(s)),
                // Numbers keep their written form: exact, like text (serde_json prints the
                // shortest form that reads back the same).
                serde_json::Value::Number(n) => RawValue::Text(Cow::Owned(n.to_string())),
                serde_json::Value::Bool(b) => RawValue::Text(Cow::Owned(b.to_string())),
                other => RawValue::Text(Cow::Owned(other.to_string())),
            };
            pairs.push((key.trim().to_owned(), raw));
        }
        Ok(pairs)
    }
}
