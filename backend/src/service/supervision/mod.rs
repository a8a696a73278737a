//! Supervision: chasing (催办), deadline extensions (延期申请) and notifications (通知).

mod extension;
mod notifications;
pub mod notify;
mod urge;

pub use extension::{ExtensionDecisionBody, ExtensionRequestBody, decide_extension, request_extension};
pub use notifications::{NotificationDto, NotificationPage, list_notifications, mark_all_read, mark_read};
pub use urge::{UrgeDto, UrgeRequest, urge};
