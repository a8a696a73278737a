//! Attachments (附件): rows describing stored objects, by owner.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    db::{AttachmentId, DbConnection, PaymentId, TransitionId, UnitId, schema::attachments},
    domain::{
        attachments::{AttachmentKind, OwnerKind},
        org::ActorKind,
    },
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = attachments, treat_none_as_default_value = false)]
pub struct Attachment {
    pub id: AttachmentId,
    pub owner_kind: OwnerKind,
    /// The owner's id (a problem's id for `issue`).
    pub owner_id: String,
    pub kind: AttachmentKind,
    /// The step of the record it belongs to (a submission, a verification), if any.
    pub transition_id: Option<TransitionId>,
    pub file_name: String,
    /// The type detected from the content.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub object_key: String,
    pub uploaded_by_kind: ActorKind,
    pub uploaded_by_id: String,
    pub uploaded_by_name: String,
    pub uploaded_by_unit_id: Option<UnitId>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<String>,
    /// The payment record (还款记录) it documents, if any.
    pub payment_id: Option<PaymentId>,
}

pub fn insert(conn: &mut DbConnection, row: &Attachment) -> QueryResult<()> {
    diesel::insert_into(attachments::table).values(row).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &AttachmentId) -> QueryResult<Option<Attachment>> {
    attachments::table.find(id).select(Attachment::as_select()).get_result(conn).optional()
}

/// An owner's files, oldest first (withdrawn ones included).
pub fn of_owner(conn: &mut DbConnection, kind: OwnerKind, owner_id: &str) -> QueryResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::owner_kind.eq(kind))
        .filter(attachments::owner_id.eq(owner_id))
        .order((attachments::created_at.asc(), attachments::id.asc()))
        .select(Attachment::as_select())
        .load(conn)
}

/// Bytes of an owner's files that are not withdrawn (the per-problem quota).
pub fn bytes_of_owner(conn: &mut DbConnection, kind: OwnerKind, owner_id: &str) -> QueryResult<i64> {
    let sizes: Vec<i64> = attachments::table
        .filter(attachments::owner_kind.eq(kind))
        .filter(attachments::owner_id.eq(owner_id))
        .filter(attachments::withdrawn_at.is_null())
        .select(attachments::size_bytes)
        .load(conn)?;
    Ok(sizes.iter().sum())
}

/// Whether any row (withdrawn or not) names this object.
pub fn object_referenced(conn: &mut DbConnection, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(attachments::table.filter(attachments::object_key.eq(key)))).get_result(conn)
}

/// Whether a file not withdrawn names this object.
pub fn object_in_use(conn: &mut DbConnection, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        attachments::table.filter(attachments::object_key.eq(key)).filter(attachments::withdrawn_at.is_null()),
    ))
    .get_result(conn)
}

pub fn mark_withdrawn(conn: &mut DbConnection, id: &AttachmentId, at: NaiveDateTime, by: &str) -> QueryResult<usize> {
    diesel::update(attachments::table.find(id).filter(attachments::withdrawn_at.is_null()))
        .set((attachments::withdrawn_at.eq(Some(at)), attachments::withdrawn_by.eq(Some(by))))
        .execute(conn)
}

/// Links files to a step of the record.
pub fn link(conn: &mut DbConnection, ids: &[AttachmentId], transition: &TransitionId) -> QueryResult<usize> {
    diesel::update(attachments::table.filter(attachments::id.eq_any(ids)))
        .set(attachments::transition_id.eq(Some(transition)))
        .execute(conn)
}

/// Moves files from one owner to another of the same kind (files waiting for a submission become
/// the submission's); answers how many moved.
pub fn reown(
    conn: &mut DbConnection,
    ids: &[AttachmentId],
    kind: OwnerKind,
    from: &str,
    to: &str,
) -> QueryResult<usize> {
    diesel::update(
        attachments::table
            .filter(attachments::id.eq_any(ids))
            .filter(attachments::owner_kind.eq(kind))
            .filter(attachments::owner_id.eq(from)),
    )
    .set(attachments::owner_id.eq(to))
    .execute(conn)
}
