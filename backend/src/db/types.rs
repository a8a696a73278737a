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
use diesel::backend::Backend;

/// Defines a UUIDv7 identifier type stored as its canonical lowercase text. Every entity has
/// its own (`IssueId`, `UnitId`, …), so that one cannot be passed where another is meant.
macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, AsExpression, FromSqlRow)]
        #[diesel(sql_type = Text)]
        pub struct $name(String);

        impl $name {
            /// A new time-ordered identifier.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(|u| Self(u.hyphenated().to_string())).map_err(|_| InvalidId)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(|_| serde::de::Error::custom(format!("{s:?} 不是有效的 UUID")))
            }
        }

        impl ToSql<Text, MultiBackend> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                <str as ToSql<Text, MultiBackend>>::to_sql(self.0.as_str(), out)
            }
        }

        impl FromSql<Text, MultiBackend> for $name {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <String as FromSql<Text, MultiBackend>>::from_sql(bytes).map(Self)
            }
        }

        // The multi-backend bind collector hands values to each backend's own collector, so
        // the inner backends need the impls too.
        impl ToSql<Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, diesel::pg::Pg>) -> serialize::Result {
                <str as ToSql<Text, diesel::pg::Pg>>::to_sql(self.0.as_str(), out)
            }
        }

        impl ToSql<Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, diesel::sqlite::Sqlite>) -> serialize::Result {
                <str as ToSql<Text, diesel::sqlite::Sqlite>>::to_sql(self.0.as_str(), out)
            }
        }

        impl FromSql<Text, diesel::pg::Pg> for $name {
            fn from_sql(bytes: <diesel::pg::Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <String as FromSql<Text, diesel::pg::Pg>>::from_sql(bytes).map(Self)
            }
        }

        impl FromSql<Text, diesel::sqlite::Sqlite> for $name {
            fn from_sql(bytes: <diesel::sqlite::Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <String as FromSql<Text, diesel::sqlite::Sqlite>>::from_sql(bytes).map(Self)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                uuid_schema()
            }
        }

        impl utoipa::ToSchema for $name {}
    )+};
}

typed_id!(
    /// Any identifier, for records that are not entities of their own (e.g. a row of a join).
    Id,
    UnitId,
    GroupId,
    UserId,
    RoleGrantId,
    RefreshTokenId,
    /// A sign-in session: the family of refresh tokens issued from one sign-in.
    SessionId,
    ApiKeyId,
    CampaignId,
    PhaseId,
    MilestoneId,
    /// A unit's filing for a milestone (节点报送).
    SubmissionId,
    IssueId,
    TransitionId,
    ProgressId,
    UrgeId,
    ExtensionId,
    NotificationId,
    IntegrationClientId,
    PaymentId,
    AttachmentId,
    WebhookId,
    /// One event sent (or to be sent) to one webhook: the `X-Lvyue-Delivery` header.
    DeliveryId,
);

fn uuid_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid)))
        .examples([serde_json::json!("01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b")])
        .into()
}

#[derive(Debug, thiserror::Error)]
#[error("不是有效的 UUID")]
pub struct InvalidId;

/// The state a timeline step left: none for a registration, stored as the empty text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow, Serialize)]
#[diesel(sql_type = Text)]
#[serde(transparent)]
pub struct PriorState(pub Option<crate::domain::lifecycle::State>);

impl PriorState {
    fn code(&self) -> &'static str {
        self.0.map_or("", crate::domain::lifecycle::State::code)
    }
}

impl ToSql<Text, MultiBackend> for PriorState {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        <str as ToSql<Text, MultiBackend>>::to_sql(self.code(), out)
    }
}

impl ToSql<Text, diesel::pg::Pg> for PriorState {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, diesel::pg::Pg>) -> serialize::Result {
        <str as ToSql<Text, diesel::pg::Pg>>::to_sql(self.code(), out)
    }
}

impl ToSql<Text, diesel::sqlite::Sqlite> for PriorState {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, diesel::sqlite::Sqlite>) -> serialize::Result {
        <str as ToSql<Text, diesel::sqlite::Sqlite>>::to_sql(self.code(), out)
    }
}

impl FromSql<Text, MultiBackend> for PriorState {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let code = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
        if code.is_empty() {
            return Ok(Self(None));
        }
        crate::domain::lifecycle::State::from_code(&code)
            .map(|s| Self(Some(s)))
            .ok_or_else(|| format!("unknown problem state {code:?} in the database").into())
    }
}

/// Stores a [`Coded`](crate::domain::coded::Coded) enum as its text code. Reading a code that
/// the enum does not know is an error naming it: a stored value is never silently defaulted.
#[macro_export]
macro_rules! text_column {
    ($name:ty) => {
        $crate::text_column!(@on $name, $crate::db::MultiBackend);
        $crate::text_column!(@on $name, diesel::pg::Pg);
        $crate::text_column!(@on $name, diesel::sqlite::Sqlite);
    };
    (@on $name:ty, $backend:ty) => {
        impl diesel::serialize::ToSql<diesel::sql_types::Text, $backend> for $name {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, $backend>) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, $backend>>::to_sql(
                    <$name as $crate::domain::coded::Coded>::code(*self),
                    out,
                )
            }
        }
        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $backend> for $name {
            fn from_sql(
                bytes: <$backend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                let code = <String as diesel::deserialize::FromSql<diesel::sql_types::Text, $backend>>::from_sql(bytes)?;
                <$name as $crate::domain::coded::Coded>::from_code(&code).ok_or_else(|| {
                    format!("unknown {} {code:?} in the database", <$name as $crate::domain::coded::Coded>::WHAT).into()
                })
            }
        }
    };
}

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
