//! Closed sets of codes (states, actions, kinds): one definition gives the enum, its wire
//! code, its Chinese label, serde, the OpenAPI schema and the text column it is stored in.
//! An unknown code read from the database is an error (see `db::types`), never a default.

/// An enum whose values are stored and sent as stable text codes.
pub trait Coded: Copy + Sized + 'static {
    /// What the codes name, for error messages (`problem state`).
    const WHAT: &'static str;
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
}

/// Defines a [`Coded`] enum: `Variant = ("code", "标签")` per value; doc comments are kept.
#[macro_export]
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = ($code:tt, $label:tt) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        impl $crate::domain::coded::Coded for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }

        impl $name {
            pub const ALL: &'static [Self] = <Self as $crate::domain::coded::Coded>::ALL;
            pub fn code(self) -> &'static str {
                <Self as $crate::domain::coded::Coded>::code(self)
            }
            pub fn label(self) -> &'static str {
                <Self as $crate::domain::coded::Coded>::label(self)
            }
            pub fn from_code(code: &str) -> Option<Self> {
                <Self as $crate::domain::coded::Coded>::from_code(code)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        $crate::text_column!($name);
    };
}

#[cfg(test)]
mod tests {
    use crate::domain::lifecycle::{Action, State};

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for s in State::ALL.iter().copied() {
            assert_eq!(State::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        assert_eq!(State::from_code("rectified"), None);
        assert!(serde_json::from_str::<Action>("\"approve\"").is_ok());
        assert!(serde_json::from_str::<Action>("\"approved\"").is_err());
    }
}
