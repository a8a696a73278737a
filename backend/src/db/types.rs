//! Column types shared by both backends. Diesel's MultiConnection has no Uuid SQL type,
//! so identifiers are stored as text through [`Id`].

use std::{fmt, str::FromStr};

use diesel::{
    deserialize::{self, FromSql, FromSqlRow},
    expression::AsExpression,
    serialize::{self, Output, ToSql},
    sql_types::Text,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::MultiBackend;

/// A UUIDv7 identifier, stored as its canonical lowercase text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Id(String);

impl Id {
    /// A new time-ordered identifier.
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("不是有效的 UUID")]
pub struct InvalidId;

impl FromStr for Id {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s).map(|u| Self(u.hyphenated().to_string())).map_err(|_| InvalidId)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|_| serde::de::Error::custom(format!("{s:?} 不是有效的 UUID")))
    }
}

impl ToSql<Text, MultiBackend> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        <str as ToSql<Text, MultiBackend>>::to_sql(self.0.as_str(), out)
    }
}

impl FromSql<Text, MultiBackend> for Id {
    fn from_sql(bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let s = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
        Ok(Self(s))
    }
}

// The multi-backend bind collector hands values to each backend's own collector, so the
// inner backends need the impls too.
macro_rules! text_sql_for {
    ($($backend:ty),*) => {$(
        impl ToSql<Text, $backend> for Id {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, $backend>) -> serialize::Result {
                <str as ToSql<Text, $backend>>::to_sql(self.0.as_str(), out)
            }
        }
        impl FromSql<Text, $backend> for Id {
            fn from_sql(bytes: <$backend as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <String as FromSql<Text, $backend>>::from_sql(bytes).map(Self)
            }
        }
    )*};
}
text_sql_for!(diesel::pg::Pg, diesel::sqlite::Sqlite);

impl utoipa::PartialSchema for Id {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid)))
            .examples([serde_json::json!("01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b")])
            .into()
    }
}

impl utoipa::ToSchema for Id {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_round_trip() {
        let a = Id::new();
        let b = Id::new();
        assert!(a < b, "v7 ids sort by creation time");
        let parsed: Id = a.as_str().parse().unwrap();
        assert_eq!(parsed, a);
        assert_eq!(uuid::Uuid::parse_str(a.as_str()).unwrap().get_version_num(), 7);
    }

    #[test]
    fn parsing_normalises_and_rejects() {
        let up = "01936F3E-8C6A-7B3D-9A51-2F1C0D4E5A6B";
        assert_eq!(up.parse::<Id>().unwrap().as_str(), up.to_lowercase());
        assert!("not-a-uuid".parse::<Id>().is_err());
        assert!(serde_json::from_str::<Id>("\"x\"").is_err());
    }
}

/// Stored times are naive UTC; serialised (into the audit trail's before/after) they are written
/// as the API writes times: RFC 3339 with `Z`.
pub mod utc_time {
    use chrono::NaiveDateTime;
    use serde::{Serialize, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        t.and_utc().serialize(s)
    }

    pub fn serialize_option<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        t.map(|t| t.and_utc()).serialize(s)
    }
}
