//! The one definition of what a caller sees and how the lifecycle rules see it.
//!
//! A user sees every problem (office, leader), the problems of the groups it leads (group
//! lead), and the problems its unit is involved in by any relation of the membership table
//! (`issue_units`: responsible, reporting, cooperating, or formerly holding it). An API key
//! sees the problems any key of its integration client registered (a key without a client: the
//! ones it registered). Lists, reads, statistics, exports and imports all ask here.

use crate::{
    auth::Principal,
    db::{GroupId, UnitId},
    domain::{lifecycle::Caller, roles::Role},
    store::issues::Visibility,
};

pub fn visibility_of(p: &Principal) -> Visibility {
    if let Some(client) = p.client_id() {
        return Visibility::RegisteredByClient(client.clone());
    }
    if p.is_integration() {
        return Visibility::RegisteredBy { kind: p.kind(), id: p.subject_id() };
    }
    Visibility::Scope(p.issue_scope())
}

/// The caller as the lifecycle rules see it: office, the groups it leads, its unit (when it
/// holds the unit role).
pub fn caller_of(p: &Principal) -> Caller<GroupId, UnitId> {
    Caller {
        office: p.has_role(Role::Office),
        lead_groups: p.lead_groups(),
        unit: p.has_role(Role::Unit).then(|| p.unit_id.clone()),
    }
}
