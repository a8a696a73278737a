//! The tamper-evident audit trail.
//!
//! Every change appends one record in the same transaction as the change. Each record holds
//! the hash of its predecessor and its own hash: SHA-256 over the predecessor's hash and a
//! canonical encoding of the record. Appends lock the single chain-head row, so concurrent
//! writers queue instead of forking the chain (on SQLite the write transaction's
//! `BEGIN IMMEDIATE` already serialises them).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub mod context;
pub mod refusals;

pub use context::RequestMeta;

use crate::{
    clock::Clock,
    db::{
        DbConnection,
        schema::{audit_head, audit_log},
    },
    domain::org::ActorKind,
};

/// When a record is written: always the real time, also when the caller works on a moved clock
/// (the demo seed backdates the events it performs; the trail says when they were entered).
fn recorded_at() -> NaiveDateTime {
    Clock::system().now()
}

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<String>,
    pub name: Option<String>,
    /// Roles as text, e.g. `office,group_lead:investment`.
    pub roles: Option<String>,
    pub unit_id: Option<String>,
}

impl Actor {
    fn nobody() -> Self {
        Self { kind: ActorKind::Anonymous, id: None, name: None, roles: None, unit_id: None }
    }

    pub fn system(name: &str) -> Self {
        Self { kind: ActorKind::System, name: Some(name.to_owned()), ..Self::nobody() }
    }

    pub fn anonymous(attempted_name: &str) -> Self {
        Self { kind: ActorKind::Anonymous, name: Some(attempted_name.chars().take(100).collect()), ..Self::nobody() }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor: &'a Actor,
    pub meta: &'a RequestMeta,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    /// Serialised at once: a JSON tree of every imported problem would cost far more memory.
    pub before: Option<String>,
    pub after: Option<String>,
    /// `success`, or what went wrong (`failure`, `denied`, …).
    pub result: &'a str,
}

impl<'a> Entry<'a> {
    pub fn new(actor: &'a Actor, meta: &'a RequestMeta, action: &'a str, entity_type: &'a str) -> Self {
        Self { actor, meta, action, entity_type, entity_id: None, before: None, after: None, result: "success" }
    }

    pub fn entity(mut self, id: impl ToString) -> Self {
        self.entity_id = Some(id.to_string());
        self
    }

    pub fn before(mut self, v: impl Serialize) -> Self {
        self.before = serde_json::to_string(&v).ok();
        self
    }

    pub fn after(mut self, v: impl Serialize) -> Self {
        self.after = serde_json::to_string(&v).ok();
        self
    }

    pub fn result(mut self, r: &'a str) -> Self {
        self.result = r;
        self
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, PartialEq, Eq)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct Record {
    pub seq: i64,
    pub occurred_at: NaiveDateTime,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub actor_roles: Option<String>,
    pub actor_unit_id: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub result: String,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The canonical encoding that is hashed: every field but `hash`, in a fixed order, as a
/// JSON array (strings escaped by serde_json, absent values as null, time at microseconds).
fn canonical(r: &Record) -> String {
    serde_json::json!([
        r.seq,
        r.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        r.actor_kind,
        r.actor_id,
        r.actor_name,
        r.actor_roles,
        r.actor_unit_id,
        r.action,
        r.entity_type,
        r.entity_id,
        r.before_json,
        r.after_json,
        r.result,
        r.client_ip,
        r.user_agent,
        r.request_id,
        r.prev_hash,
    ])
    .to_string()
}

pub fn compute_hash(r: &Record) -> String {
    let mut h = Sha256::new();
    h.update(r.prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical(r).as_bytes());
    hex::encode(h.finalize())
}

/// Appends a record. Must run inside the transaction of the change it records.
pub fn append(conn: &mut DbConnection, e: Entry<'_>) -> QueryResult<i64> {
    // Taking the next number locks the head row until the transaction ends.
    let (seq, prev_hash): (i64, String) = diesel::update(audit_head::table.find(1))
        .set(audit_head::last_seq.eq(audit_head::last_seq + 1))
        .returning((audit_head::last_seq, audit_head::last_hash))
        .get_result(conn)?;
    let mut record = Record {
        seq,
        occurred_at: recorded_at(),
        actor_kind: e.actor.kind.code().to_owned(),
        actor_id: e.actor.id.clone(),
        actor_name: e.actor.name.clone(),
        actor_roles: e.actor.roles.clone(),
        actor_unit_id: e.actor.unit_id.clone(),
        action: e.action.to_owned(),
        entity_type: e.entity_type.to_owned(),
        entity_id: e.entity_id,
        before_json: e.before,
        after_json: e.after,
        result: e.result.to_owned(),
        client_ip: e.meta.client_ip.clone(),
        user_agent: e.meta.user_agent.clone(),
        request_id: e.meta.request_id.clone(),
        prev_hash,
        hash: String::new(),
    };
    record.hash = compute_hash(&record);
    diesel::insert_into(audit_log::table).values(&record).execute(conn)?;
    diesel::update(audit_head::table.find(1)).set(audit_head::last_hash.eq(&record.hash)).execute(conn)?;
    Ok(seq)
}

/// Appends many records at once (imports): the chain is computed in order, the rows are
/// written with multi-row inserts, and the head is moved once. Inside the change's transaction.
pub fn append_many(conn: &mut DbConnection, entries: Vec<Entry<'_>>) -> QueryResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let n = entries.len() as i64;
    let (last_seq, mut prev_hash): (i64, String) = diesel::update(audit_head::table.find(1))
        .set(audit_head::last_seq.eq(audit_head::last_seq + n))
        .returning((audit_head::last_seq, audit_head::last_hash))
        .get_result(conn)?;
    let first = last_seq - n + 1;
    let now = recorded_at();
    let mut records = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let mut record = Record {
            seq: first + i as i64,
            occurred_at: now,
            actor_kind: e.actor.kind.code().to_owned(),
            actor_id: e.actor.id.clone(),
            actor_name: e.actor.name.clone(),
            actor_roles: e.actor.roles.clone(),
            actor_unit_id: e.actor.unit_id.clone(),
            action: e.action.to_owned(),
            entity_type: e.entity_type.to_owned(),
            entity_id: e.entity_id,
            before_json: e.before,
            after_json: e.after,
            result: e.result.to_owned(),
            client_ip: e.meta.client_ip.clone(),
            user_agent: e.meta.user_agent.clone(),
            request_id: e.meta.request_id.clone(),
            prev_hash: prev_hash.clone(),
            hash: String::new(),
        };
        record.hash = compute_hash(&record);
        prev_hash = record.hash.clone();
        records.push(record);
    }
    for chunk in records.chunks(1000) {
        match conn {
            DbConnection::Postgres(c) => diesel::insert_into(audit_log::table).values(chunk).execute(c)?,
            DbConnection::Sqlite(c) => diesel::insert_into(audit_log::table).values(chunk).execute(c)?,
        };
    }
    diesel::update(audit_head::table.find(1)).set(audit_head::last_hash.eq(&prev_hash)).execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
#[schema(example = json!({"ok": true, "checked": 1284, "first_broken_seq": null, "reason": null}))]
pub struct Verification {
    /// Whether the whole chain is intact.
    pub ok: bool,
    /// How many records were checked.
    pub checked: i64,
    /// The first record whose content, link or sequence does not hold; null when intact.
    pub first_broken_seq: Option<i64>,
    /// Why that record fails, in Chinese.
    pub reason: Option<String>,
}

/// Walks the whole chain in order, in batches, and names the first record that fails.
pub fn verify(conn: &mut DbConnection) -> QueryResult<Verification> {
    const BATCH: i64 = 2000;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut expected_seq = 1i64;
    let mut checked = 0i64;
    loop {
        let batch: Vec<Record> = audit_log::table
            .filter(audit_log::seq.ge(expected_seq))
            .order(audit_log::seq)
            .limit(BATCH)
            .select(Record::as_select())
            .load(conn)?;
        if batch.is_empty() {
            break;
        }
        for r in &batch {
            let broken = if r.seq != expected_seq {
                Some(format!("序号不连续: 应为 {expected_seq}, 实为 {} (记录被删除)", r.seq))
            } else if r.prev_hash != prev_hash {
                Some("前序哈希与上一条记录不符".to_owned())
            } else if compute_hash(r) != r.hash {
                Some("记录内容与其哈希不符 (记录被篡改)".to_owned())
            } else {
                None
            };
            if let Some(reason) = broken {
                return Ok(Verification {
                    ok: false,
                    checked,
                    first_broken_seq: Some(expected_seq),
                    reason: Some(reason),
                });
            }
            prev_hash = r.hash.clone();
            expected_seq += 1;
            checked += 1;
        }
    }
    // Records removed from the end show in the head, which remembers the last number.
    let (last_seq, last_hash): (i64, String) =
        audit_head::table.find(1).select((audit_head::last_seq, audit_head::last_hash)).first(conn)?;
    if last_seq != checked || last_hash != prev_hash {
        return Ok(Verification {
            ok: false,
            checked,
            first_broken_seq: Some(checked + 1),
            reason: Some("链尾与链头记录不符 (末尾记录被删除)".to_owned()),
        });
    }
    Ok(Verification { ok: true, checked, first_broken_seq: None, reason: None })
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

pub fn list(conn: &mut DbConnection, f: &AuditFilter, offset: i64, limit: i64) -> QueryResult<(Vec<Record>, i64)> {
    let build = || {
        let mut q = audit_log::table.into_boxed();
        if let Some(v) = &f.actor_id {
            q = q.filter(audit_log::actor_id.eq(v.clone()));
        }
        if let Some(v) = &f.actor_name {
            q = q.filter(audit_log::actor_name.eq(v.clone()));
        }
        if let Some(v) = &f.action {
            // A trailing dot selects a family of actions (`auth.`).
            if v.ends_with('.') {
                q = q.filter(audit_log::action.like(format!("{}%", crate::store::users::escape_like(v))).escape('\\'));
            } else {
                q = q.filter(audit_log::action.eq(v.clone()));
            }
        }
        if let Some(v) = &f.entity_type {
            q = q.filter(audit_log::entity_type.eq(v.clone()));
        }
        if let Some(v) = &f.entity_id {
            q = q.filter(audit_log::entity_id.eq(v.clone()));
        }
        if let Some(v) = f.from {
            q = q.filter(audit_log::occurred_at.ge(v));
        }
        if let Some(v) = f.to {
            q = q.filter(audit_log::occurred_at.lt(v));
        }
        q
    };
    let total = build().count().get_result(conn)?;
    let rows =
        build().order(audit_log::seq.desc()).offset(offset).limit(limit).select(Record::as_select()).load(conn)?;
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            seq: 1,
            occurred_at: chrono::DateTime::from_timestamp(1_713_500_000, 123_456_000).unwrap().naive_utc(),
            actor_kind: "user".into(),
            actor_id: Some("u".into()),
            actor_name: Some("office".into()),
            actor_roles: Some("office".into()),
            actor_unit_id: None,
            action: "auth.login".into(),
            entity_type: "user".into(),
            entity_id: Some("u".into()),
            before_json: None,
            after_json: Some(r#"{"a":"销号"}"#.into()),
            result: "success".into(),
            client_ip: Some("127.0.0.1".into()),
            user_agent: None,
            request_id: None,
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn every_field_is_covered_by_the_hash() {
        let base = record();
        let h = compute_hash(&base);
        assert_eq!(h.len(), 64);
        assert_eq!(h, compute_hash(&base), "deterministic");
        type Change = Box<dyn Fn(&mut Record)>;
        let variants: Vec<Change> = vec![
            Box::new(|r| r.seq = 2),
            Box::new(|r| r.occurred_at += chrono::Duration::microseconds(1)),
            Box::new(|r| r.actor_kind = "api_key".into()),
            Box::new(|r| r.actor_id = None),
            Box::new(|r| r.actor_name = Some("x".into())),
            Box::new(|r| r.actor_roles = None),
            Box::new(|r| r.actor_unit_id = Some("x".into())),
            Box::new(|r| r.action = "auth.logout".into()),
            Box::new(|r| r.entity_type = "unit".into()),
            Box::new(|r| r.entity_id = None),
            Box::new(|r| r.before_json = Some("{}".into())),
            Box::new(|r| r.after_json = Some(r#"{"a":"整改"}"#.into())),
            Box::new(|r| r.result = "failure".into()),
            Box::new(|r| r.client_ip = None),
            Box::new(|r| r.user_agent = Some("curl".into())),
            Box::new(|r| r.request_id = Some("r".into())),
            Box::new(|r| r.prev_hash = "1".repeat(64)),
        ];
        for (i, change) in variants.iter().enumerate() {
            let mut r = base.clone();
            change(&mut r);
            assert_ne!(compute_hash(&r), h, "field change #{i} must change the hash");
        }
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let mut a = record();
        a.actor_name = Some("ab".into());
        a.actor_roles = Some("c".into());
        let mut b = record();
        b.actor_name = Some("a".into());
        b.actor_roles = Some("bc".into());
        assert_ne!(compute_hash(&a), compute_hash(&b));
    }
}
