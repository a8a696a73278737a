//! Settings administrators change while the system runs: each key's type, default, and which
//! administrator manages it. Values are JSON; [`Settings`] is the typed view every use case reads.

use serde_json::Value;

use super::roles::Role;

crate::coded_enum! {
    /// A setting.
    pub enum SettingKey("setting") {
        /// 灰色模式: the whole SPA in grey (national mourning days).
        Grayscale = ("display.grayscale", "灰色模式"),
    }
}

impl SettingKey {
    /// The administrator who changes it (三员分立: display and organisation settings are the
    /// system administrator's, security settings the security administrator's).
    pub fn managed_by(self) -> Role {
        match self {
            SettingKey::Grayscale => Role::Sysadmin,
        }
    }

    pub fn default_value(self) -> Value {
        match self {
            SettingKey::Grayscale => Value::Bool(false),
        }
    }

    /// Checks a new value; `Err` says what is wrong, in Chinese.
    pub fn check(self, value: &Value) -> Result<(), String> {
        match self {
            SettingKey::Grayscale => value.as_bool().map(|_| ()).ok_or_else(|| "应为 true 或 false".to_owned()),
        }
    }
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub grayscale: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_values(&[]).expect("defaults are valid")
    }
}

impl Settings {
    /// The typed view of the stored values (defaults for keys never set); a stored value of the
    /// wrong type is an error naming the key, never silently replaced.
    pub fn from_values(stored: &[(SettingKey, Value)]) -> Result<Self, String> {
        let get = |key: SettingKey| -> Result<Value, String> {
            let value = stored.iter().find(|(k, _)| *k == key).map_or_else(|| key.default_value(), |(_, v)| v.clone());
            key.check(&value).map_err(|e| format!("setting {}: {e}", key.code()))?;
            Ok(value)
        };
        Ok(Self { grayscale: get(SettingKey::Grayscale)?.as_bool().unwrap_or_default() })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn defaults_apply_until_a_value_is_stored() {
        assert!(!Settings::default().grayscale);
        let s = Settings::from_values(&[(SettingKey::Grayscale, json!(true))]).unwrap();
        assert!(s.grayscale);
    }

    #[test]
    fn values_of_the_wrong_type_are_refused_and_never_defaulted() {
        assert!(SettingKey::Grayscale.check(&json!("yes")).is_err());
        let err = Settings::from_values(&[(SettingKey::Grayscale, json!(1))]).unwrap_err();
        assert!(err.contains("display.grayscale"), "{err}");
    }

    #[test]
    fn every_default_passes_its_own_check() {
        for k in SettingKey::ALL {
            assert!(k.check(&k.default_value()).is_ok(), "{k:?}");
        }
    }
}
