//! Logging: human-readable lines by default, one JSON object a line with
//! `LVYUE_LOG_FORMAT=json` (for a log collector). Lines written while a request is handled
//! carry its request id (`request_id`), as the access log line does.

use std::{future::Future, io::Write};

use crate::config::ConfigError;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Runs `f` with `rid` as the request id of the log lines it writes.
pub async fn with_request_id<F: Future>(rid: String, f: F) -> F::Output {
    REQUEST_ID.scope(rid, f).await
}

fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(|r| r.clone()).ok().filter(|r| !r.is_empty())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::parse(std::env::var("LVYUE_LOG_FORMAT").ok().as_deref())
    }

    fn parse(value: Option<&str>) -> Result<Self, ConfigError> {
        match value.map(str::trim) {
            None | Some("" | "text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(other) => {
                Err(ConfigError { var: "LVYUE_LOG_FORMAT", message: format!("{other:?} 应为 text 或 json") })
            }
        }
    }
}

/// Installs the logger (filter from `RUST_LOG`); a second call changes nothing.
pub fn init() -> Result<(), ConfigError> {
    let _ = dotenvy::dotenv();
    let format = LogFormat::from_env()?;
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info,actix_server=warn"));
    match format {
        LogFormat::Text => {
            builder.format_timestamp_millis();
        }
        LogFormat::Json => {
            builder.format(|buf, record| {
                let line = json_line(record, chrono::Utc::now());
                writeln!(buf, "{line}")
            });
        }
    }
    let _ = builder.try_init();
    Ok(())
}

/// One log record as a JSON object: time, level, target, message, the request id when there
/// is one, and the record's structured fields.
fn json_line(record: &log::Record<'_>, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("ts".into(), now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string().into());
    obj.insert("level".into(), record.level().as_str().into());
    obj.insert("target".into(), record.target().into());
    obj.insert("msg".into(), record.args().to_string().into());
    if let Some(rid) = current_request_id() {
        obj.insert("request_id".into(), rid.into());
    }
    struct Fields<'a>(&'a mut serde_json::Map<String, serde_json::Value>);
    impl<'kvs> log::kv::VisitSource<'kvs> for Fields<'_> {
        fn visit_pair(&mut self, key: log::kv::Key<'kvs>, value: log::kv::Value<'kvs>) -> Result<(), log::kv::Error> {
            let v = if let Some(n) = value.to_u64() {
                n.into()
            } else if let Some(n) = value.to_i64() {
                n.into()
            } else if let Some(f) = value.to_f64() {
                serde_json::Number::from_f64(f).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
            } else if let Some(b) = value.to_bool() {
                b.into()
            } else {
                value.to_string().into()
            };
            self.0.insert(key.as_str().to_owned(), v);
            Ok(())
        }
    }
    let _ = record.key_values().visit(&mut Fields(&mut obj));
    serde_json::Value::Object(obj).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn json_lines_carry_fields_and_the_request_id() {
        let kvs: [(&str, log::kv::Value); 3] =
            [("status", 404u16.into()), ("path", "/x\"y".into()), ("duration_ms", 1.5f64.into())];
        let args = format_args!("GET /x 404");
        let record =
            log::Record::builder().level(log::Level::Info).target("lvyue::access").args(args).key_values(&kvs).build();
        let now = chrono::DateTime::from_timestamp(1_713_500_000, 0).unwrap();
        let line = with_request_id("rid-1".into(), async { json_line(&record, now) }).await;
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["ts"], "2024-04-19T04:13:20.000Z");
        assert_eq!(v["level"], "INFO");
        assert_eq!(v["msg"], "GET /x 404");
        assert_eq!(v["request_id"], "rid-1");
        assert_eq!(v["status"], 404);
        assert_eq!(v["path"], "/x\"y");
        assert_eq!(v["duration_ms"], 1.5);
        // Outside a request: no request id.
        let v: serde_json::Value = serde_json::from_str(&json_line(&record, now)).unwrap();
        assert!(v.get("request_id").is_none());
    }

    #[test]
    fn formats_are_text_or_json() {
        assert_eq!(LogFormat::parse(None).unwrap(), LogFormat::Text);
        assert_eq!(LogFormat::parse(Some("")).unwrap(), LogFormat::Text);
        assert_eq!(LogFormat::parse(Some("json")).unwrap(), LogFormat::Json);
        assert_eq!(LogFormat::parse(Some("xml")).unwrap_err().var, "LVYUE_LOG_FORMAT");
    }
}
