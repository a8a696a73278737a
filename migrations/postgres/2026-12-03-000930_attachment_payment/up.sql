-- An attachment may name the payment record it documents (a 付款凭证 for one 还款记录, #18).
-- Existing files name none.
ALTER TABLE attachments ADD COLUMN payment_id TEXT REFERENCES issue_payments (id);
CREATE INDEX attachments_payment ON attachments (payment_id) WHERE payment_id IS NOT NULL;
