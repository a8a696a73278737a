//! Field validation shared by every use case: one answer names every problem of a request.

use crate::{
    db::DbConnection,
    domain::{money, uscc},
    error::{ApiError, FieldError},
    store::{self, dictionaries::DictItem},
};

/// Collects field errors so that one answer names every problem of a request.
#[derive(Debug, Default)]
pub struct Validator {
    pub errors: Vec<FieldError>,
}

impl Validator {
    pub fn check(&mut self, ok: bool, field: &str, message: &str) -> &mut Self {
        if !ok {
            self.errors.push(FieldError::new(field, message));
        }
        self
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A required, trimmed text of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let cleaned = self.hygiene(field, value);
        let t = cleaned.trim();
        if t.is_empty() {
            self.add(field, "不能为空");
        } else if value.chars().count() > max {
            // The schema's maxLength is of the value as sent (blanks and invisible characters
            // included), so the server refuses exactly what the contract says it refuses.
            self.add(field, format!("不能超过 {max} 个字符"));
        } else if t.contains('\0') {
            // Imported cells reach here without passing through the JSON reader's check.
            self.add(field, "不能包含空字符 (U+0000)");
        }
        t.to_owned()
    }

    /// An optional trimmed text; empty becomes `None`.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let value = value?;
        let cleaned = self.hygiene(field, value);
        let t = Some(cleaned.trim()).filter(|s| !s.is_empty())?;
        if value.chars().count() > max {
            // As for `text`: the schema's maxLength is of the value as sent.
            self.add(field, format!("不能超过 {max} 个字符"));
        } else if t.contains('\0') {
            self.add(field, "不能包含空字符 (U+0000)");
        }
        Some(t.to_owned())
    }

    /// Text hygiene for every text a user or an import supplies: invisible zero-width
    /// characters are removed (they carry no meaning in Chinese text and make equal names
    /// differ); bidirectional controls are refused, since they make text display other than it
    /// is stored (a title reversed in the ledger and in exports).
    fn hygiene(&mut self, field: &str, value: &str) -> String {
        if value.chars().any(is_bidi_control) {
            self.add(field, "不能包含文字方向控制字符 (如 U+202E)");
        }
        value.chars().filter(|c| !is_zero_width(*c)).collect()
    }

    /// A text the action requires (`请填写…` when missing).
    pub fn required_text(&mut self, field: &str, value: Option<&str>, max: usize, missing: &str) -> String {
        match self.optional_text(field, value, max) {
            Some(t) => t,
            None => {
                self.add(field, missing);
                String::new()
            }
        }
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(&mut self) -> Result<(), ApiError> {
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::validation(std::mem::take(&mut self.errors))) }
    }

    pub fn uscc(&mut self, field: &str, code: Option<&str>) -> Option<String> {
        let code = code.map(str::trim).filter(|s| !s.is_empty())?;
        if let Some(msg) = uscc::validate(code) {
            self.add(field, msg);
        }
        Some(code.to_owned())
    }

    pub fn phone(&mut self, field: &str, phone: Option<&str>) -> Option<String> {
        let p = self.optional_text(field, phone, 30)?;
        if !p.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')')) {
            self.add(field, "联系电话只能包含数字、空格和 + - ( )");
        }
        Some(p)
    }

    /// A deadline no further ahead than the office's horizon (setting `ledger.deadline_horizon_days`).
    pub fn deadline_within_horizon(
        &mut self,
        conn: &mut DbConnection,
        cx: &crate::service::Context,
        field: &str,
        deadline: chrono::NaiveDate,
    ) -> Result<(), ApiError> {
        let days = crate::service::settings::current(conn)?.deadline_horizon_days;
        let last = cx.clock.today() + chrono::Duration::days(days);
        if deadline > last {
            self.add(field, format!("整改时限不能晚于 {last} (今天起 {days} 天内)"));
        }
        Ok(())
    }

    pub fn amount(&mut self, field: &str, fen: i64) {
        if fen < 0 {
            self.add(field, "金额不能为负数");
        } else if fen > money::MAX_FEN {
            self.add(field, "金额过大");
        }
    }
}

/// Zero-width characters that are removed from text: ZWSP, ZWNJ, ZWJ, word joiner, BOM.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Bidirectional formatting characters, refused in text: LRM/RLM, ALM, the embeddings and
/// overrides (LRE…RLO, PDF) and the isolates (LRI…PDI).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The dictionaries, loaded once per use case.
pub struct Dicts {
    pub items: Vec<DictItem>,
}

impl Dicts {
    pub fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        Ok(Self { items: store::dictionaries::list(conn)? })
    }

    pub fn find(&self, kind: &str, code: &str) -> Option<&DictItem> {
        self.items.iter().find(|d| d.kind == kind && d.code == code && d.active)
    }

    /// A value given by code or by label (spreadsheets say 「工程」 for `works`).
    pub fn resolve(&self, kind: &str, value: &str, parent: Option<&str>) -> Option<String> {
        if self.find(kind, value).is_some() {
            return Some(value.to_owned());
        }
        self.items
            .iter()
            .find(|i| {
                i.kind == kind
                    && i.active
                    && i.label == value
                    && (parent.is_none() || i.parent_code.as_deref() == parent)
            })
            .map(|i| i.code.clone())
    }

    /// Checks category, problem type (of that category) and arrear object.
    pub fn check_classification(
        &self,
        v: &mut Validator,
        category: &str,
        problem_type: &str,
        arrear_object: Option<&str>,
    ) {
        if self.find("category", category).is_none() {
            v.add("category", "问题类别不存在");
        } else {
            match self.find("problem_type", problem_type) {
                None => v.add("problem_type", "问题类型不存在"),
                Some(t) if t.parent_code.as_deref() != Some(category) => {
                    v.add("problem_type", "问题类型不属于所选问题类别");
                }
                Some(_) => {}
            }
        }
        if let Some(o) = arrear_object
            && self.find("arrear_object", o).is_none()
        {
            v.add("arrear_object", "拖欠对象应为货物、服务或工程 (goods, services, works)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_width_characters_are_removed_and_bidi_controls_refused() {
        let mut v = Validator::default();
        assert_eq!(v.text("title", "拖欠\u{200B}工程款\u{FEFF}", 200), "拖欠工程款");
        assert_eq!(v.optional_text("contact", Some("\u{200D}"), 50), None, "nothing left is empty");
        assert!(v.is_ok());
        v.text("title", "付款\u{202E}款付", 200);
        v.optional_text("enterprise_contact", Some("张\u{2067}三"), 50);
        let fields: Vec<&str> = v.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "enterprise_contact"]);
    }

    #[test]
    fn lengths_count_characters_of_the_value_as_sent() {
        // The schema's maxLength bounds the value as sent, so invisible characters that are
        // removed still count; the stored text is the cleaned one.
        let mut v = Validator::default();
        let t = format!("{}\u{200B}", "字".repeat(199));
        assert_eq!(v.text("title", &t, 200).chars().count(), 199);
        assert!(v.is_ok());
        v.text("title", &format!("{}\u{200B}", "字".repeat(200)), 200);
        v.text("title", &format!(" {} ", "字".repeat(199)), 200);
        let fields: Vec<&str> = v.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "title"]);
    }
}
