//! The tamper-evident audit trail.
//!
//! Every change appends one record in the same transaction as the change. Each record holds
//! the hash of its predecessor and its own chain value: HMAC-SHA256, under the audit key
//! ([`key`], never in the database), over the predecessor's value and a canonical encoding of
//! the record, which names the key's id. Records written before the key existed keep their
//! plain SHA-256 value and still verify under that rule; the first keyed record follows a
//! checkpoint that records the switch ([`checkpoint`]). Appends lock the single chain-head row,
//! so concurrent writers queue instead of forking the chain (on SQLite the write transaction's
//! `BEGIN IMMEDIATE` already serialises them).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub mod archive;
pub mod checkpoint;
pub mod context;
pub mod key;
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

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, serde::Deserialize, PartialEq, Eq)]
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
    /// The key that signed the record; none for the plain SHA-256 records of earlier releases.
    pub key_id: Option<String>,
}

/// The canonical encoding that is hashed: every field but `hash`, in a fixed order, as a
/// JSON array (strings escaped by serde_json, absent values as null, time at microseconds),
/// with the key's id last for a keyed record.
fn canonical(r: &Record) -> String {
    let mut fields = serde_json::json!([
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
    ]);
    if let (Some(id), Some(array)) = (&r.key_id, fields.as_array_mut()) {
        array.push(serde_json::Value::String(id.clone()));
    }
    fields.to_string()
}

fn chained(r: &Record) -> Vec<u8> {
    [r.prev_hash.as_bytes(), b"\n", canonical(r).as_bytes()].concat()
}

/// The plain SHA-256 chain value (the rule of the records without a key).
pub fn compute_hash(r: &Record) -> String {
    hex::encode(Sha256::digest(chained(r)))
}

/// The chain value of a keyed record under `key`.
pub fn compute_keyed(r: &Record, key: &key::AuditKey) -> String {
    key.sign(&chained(r))
}

/// Signs `record` with the installed key, or with the plain rule when there is none.
fn seal(record: &mut Record) {
    match key::installed() {
        Some(k) => {
            record.key_id = Some(k.id().to_owned());
            record.hash = compute_keyed(record, k);
        }
        None => {
            record.key_id = None;
            record.hash = compute_hash(record);
        }
    }
}

/// Locks the chain head until the transaction ends, without taking a number. Every writing
/// transaction appends to the chain, so it holds this lock until it commits anyway; code that
/// locks another shared row (the outbox's counter) takes this one first, so that all writers
/// lock in one order and never deadlock. (On SQLite the write transaction holds the database.)
pub fn lock_chain(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Postgres(pg) = conn {
        audit_head::table.find(1).select(audit_head::last_seq).for_update().first::<i64>(pg)?;
    }
    Ok(())
}

/// Takes `n` numbers from the chain head (locking it until the transaction ends); answers the
/// last number taken and the hash before the first. When the key changes, first writes the
/// checkpoint that closes the previous segment.
fn take_numbers(conn: &mut DbConnection, n: i64) -> QueryResult<(i64, String)> {
    let (last_seq, prev_hash, head_key): (i64, String, Option<String>) = diesel::update(audit_head::table.find(1))
        .set(audit_head::last_seq.eq(audit_head::last_seq + n))
        .returning((audit_head::last_seq, audit_head::last_hash, audit_head::key_id))
        .get_result(conn)?;
    let key = key::installed();
    let key_id = key.map(|k| k.id().to_owned());
    let before = last_seq - n;
    if key_id != head_key {
        if let Some(k) = key
            && before > 0
        {
            checkpoint::open_segment(conn, k, before, &prev_hash, head_key.as_deref())?;
        }
        diesel::update(audit_head::table.find(1)).set(audit_head::key_id.eq(&key_id)).execute(conn)?;
    }
    Ok((last_seq, prev_hash))
}

/// The record of `e` at `seq` in the chain after `prev_hash`, sealed.
fn sealed(e: Entry<'_>, seq: i64, occurred_at: NaiveDateTime, prev_hash: String) -> Record {
    let mut record = Record {
        seq,
        occurred_at,
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
        key_id: None,
    };
    seal(&mut record);
    record
}

/// Appends a record. Must run inside the transaction of the change it records.
pub fn append(conn: &mut DbConnection, e: Entry<'_>) -> QueryResult<i64> {
    // Taking the next number locks the head row until the transaction ends.
    let (seq, prev_hash) = take_numbers(conn, 1)?;
    let record = sealed(e, seq, recorded_at(), prev_hash);
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
    let (last_seq, mut prev_hash) = take_numbers(conn, n)?;
    let first = last_seq - n + 1;
    let now = recorded_at();
    let mut records = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let record = sealed(e, first + i as i64, now, prev_hash.clone());
        prev_hash = record.hash.clone();
        records.push(record);
    }
    crate::db::insert_rows!(conn, audit_log::table, records, 1000);
    diesel::update(audit_head::table.find(1)).set(audit_head::last_hash.eq(&prev_hash)).execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
#[schema(example = json!({"ok": true, "checked": 1284, "first_broken_seq": null, "reason": null,
    "checked_against": {"key": true, "key_id": "3f2a9c0d11b2e4f5", "checkpoints": 12, "structure_only": 0}}))]
pub struct Verification {
    /// Whether the whole chain is intact.
    pub ok: bool,
    /// How many records were checked.
    pub checked: i64,
    /// The first record whose content, link or sequence does not hold; null when intact.
    pub first_broken_seq: Option<i64>,
    /// Why that record fails, in Chinese.
    pub reason: Option<String>,
    /// What the records were checked against.
    pub checked_against: CheckedAgainst,
}

/// What a verification could check the records against.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct CheckedAgainst {
    /// Whether the audit key was at hand. Without it, keyed records are checked for their
    /// structure only (numbering, links, checkpoints' positions), not their content.
    pub key: bool,
    /// The id of that key.
    pub key_id: Option<String>,
    /// How many checkpoints the records were compared with.
    pub checkpoints: i64,
    /// Records (and checkpoints) signed with a key not at hand: checked for structure only.
    pub structure_only: i64,
}

/// Walks the whole chain in order, in batches, with this process's key, and names the first
/// record that fails.
pub fn verify(conn: &mut DbConnection) -> QueryResult<Verification> {
    verify_with(conn, key::installed())
}

/// Walks the whole chain in order, in batches, and names the first record that fails: a gap
/// in the numbering, a broken link, content that does not match its chain value (plain SHA-256
/// for records without a key, HMAC-SHA256 under `key` for the keyed ones), a record without a
/// key after keyed ones, a checkpoint whose record was changed or removed.
pub fn verify_with(conn: &mut DbConnection, key: Option<&key::AuditKey>) -> QueryResult<Verification> {
    const BATCH: i64 = 2000;
    let mut walk = ChainWalk::new(key, checkpoint::all(conn)?, 1, GENESIS_HASH);
    loop {
        let batch: Vec<Record> = audit_log::table
            .filter(audit_log::seq.ge(walk.expected_seq))
            .order(audit_log::seq)
            .limit(BATCH)
            .select(Record::as_select())
            .load(conn)?;
        if batch.is_empty() {
            break;
        }
        for r in &batch {
            if let Some(broken) = walk.step(r) {
                return Ok(broken);
            }
        }
    }
    if let Some(broken) = walk.beyond_the_end() {
        return Ok(broken);
    }
    // Records removed from the end show in the head, which remembers the last number.
    let (last_seq, last_hash): (i64, String) =
        audit_head::table.find(1).select((audit_head::last_seq, audit_head::last_hash)).get_result(conn)?;
    if last_seq != walk.expected_seq - 1 || last_hash != walk.prev_hash {
        return Ok(walk.broken(walk.expected_seq, "链尾与链头记录不符 (末尾记录被删除)".to_owned()));
    }
    Ok(walk.intact())
}

/// The check of a run of records, in order, against the rules of the chain and the
/// checkpoints: the database's whole chain, or an archive's first part of it.
pub struct ChainWalk<'k> {
    key: Option<&'k key::AuditKey>,
    against: CheckedAgainst,
    checkpoints: std::collections::BTreeMap<i64, Vec<checkpoint::Checkpoint>>,
    prev_hash: String,
    expected_seq: i64,
    checked: i64,
    keyed_seen: bool,
}

impl<'k> ChainWalk<'k> {
    /// A walk from record `first_seq`, whose predecessor's chain value is `prev_hash`.
    pub fn new(
        key: Option<&'k key::AuditKey>,
        checkpoints: Vec<checkpoint::Checkpoint>,
        first_seq: i64,
        prev_hash: &str,
    ) -> Self {
        let mut by_seq = std::collections::BTreeMap::<i64, Vec<checkpoint::Checkpoint>>::new();
        for cp in checkpoints {
            by_seq.entry(cp.seq).or_default().push(cp);
        }
        Self {
            key,
            against: CheckedAgainst {
                key: key.is_some(),
                key_id: key.map(|k| k.id().to_owned()),
                ..Default::default()
            },
            checkpoints: by_seq,
            prev_hash: prev_hash.to_owned(),
            expected_seq: first_seq,
            checked: 0,
            keyed_seen: false,
        }
    }

    pub fn broken(&self, seq: i64, reason: String) -> Verification {
        Verification {
            ok: false,
            checked: self.checked,
            first_broken_seq: Some(seq),
            reason: Some(reason),
            checked_against: self.against.clone(),
        }
    }

    pub fn intact(self) -> Verification {
        Verification {
            ok: true,
            checked: self.checked,
            first_broken_seq: None,
            reason: None,
            checked_against: self.against,
        }
    }

    /// The last record checked (0 before the first).
    pub fn last_seq(&self) -> i64 {
        self.expected_seq - 1
    }

    /// Checks the next record; answers the verdict when it is broken.
    pub fn step(&mut self, r: &Record) -> Option<Verification> {
        let content = match (&r.key_id, self.key) {
            (None, _) if self.keyed_seen => Some(false),
            (None, _) => Some(compute_hash(r) == r.hash),
            (Some(id), Some(k)) if id == k.id() => Some(compute_keyed(r, k) == r.hash),
            (Some(_), _) => None,
        };
        let reason = if r.seq != self.expected_seq {
            Some(format!("序号不连续: 应为 {}, 实为 {} (记录被删除)", self.expected_seq, r.seq))
        } else if r.prev_hash != self.prev_hash {
            Some("前序哈希与上一条记录不符".to_owned())
        } else if r.key_id.is_none() && self.keyed_seen {
            Some("已签名的链段之后出现未签名的记录 (链被改写)".to_owned())
        } else if content == Some(false) {
            Some("记录内容与其哈希不符 (记录被篡改)".to_owned())
        } else {
            checkpoint_mismatch(self.checkpoints.get(&r.seq), r, self.key, &mut self.against)
        };
        if let Some(reason) = reason {
            return Some(self.broken(self.expected_seq, reason));
        }
        self.keyed_seen |= r.key_id.is_some();
        if content.is_none() {
            self.against.structure_only += 1;
        }
        self.prev_hash = r.hash.clone();
        self.expected_seq += 1;
        self.checked += 1;
        None
    }

    /// After the last record: a checkpoint beyond it means records were removed from the end.
    pub fn beyond_the_end(&self) -> Option<Verification> {
        let (seq, _) = self.checkpoints.range(self.expected_seq..).next()?;
        let reason = format!("检查点记载至第 {seq} 条, 现仅有至第 {} 条 (末尾记录被删除)", self.last_seq());
        Some(self.broken(self.expected_seq, reason))
    }
}

/// Compares the checkpoints taken at `r` with it: their signature (when their key is at hand)
/// and the head they recorded.
fn checkpoint_mismatch(
    cps: Option<&Vec<checkpoint::Checkpoint>>,
    r: &Record,
    key: Option<&key::AuditKey>,
    against: &mut CheckedAgainst,
) -> Option<String> {
    for cp in cps.map(Vec::as_slice).unwrap_or_default() {
        against.checkpoints += 1;
        match key.filter(|k| k.id() == cp.key_id) {
            Some(k) if !cp.signature_holds(k) => {
                return Some(format!("第 {} 条处检查点的签名不符 (检查点被伪造)", cp.seq));
            }
            Some(_) => {}
            None => against.structure_only += 1,
        }
        if cp.head_hash != r.hash || cp.record_count != r.seq {
            return Some(format!("记录与第 {} 条处检查点记载的链值不符 (记录被改写)", cp.seq));
        }
    }
    None
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
            key_id: None,
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
            Box::new(|r| r.key_id = Some("k".into())),
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

    #[test]
    fn keyed_values_need_the_key_and_name_it() {
        let k1 = key::AuditKey::new(b"first key of the audit chain, 32+ bytes");
        let k2 = key::AuditKey::new(b"other key of the audit chain, 32+ bytes");
        let mut r = record();
        r.key_id = Some(k1.id().to_owned());
        let keyed = compute_keyed(&r, &k1);
        assert_ne!(keyed, compute_hash(&r), "not the plain rule");
        assert_ne!(keyed, compute_keyed(&r, &k2), "not another key");
        let mut plain = record();
        plain.key_id = None;
        assert_ne!(compute_hash(&plain), compute_hash(&r), "the key id is part of the record");
        // A record of an earlier release encodes exactly as it did (no key id at the end).
        assert!(!canonical(&plain).contains(k1.id()));
        assert!(canonical(&r).ends_with(&format!("\"{}\"]", k1.id())));
    }
}
