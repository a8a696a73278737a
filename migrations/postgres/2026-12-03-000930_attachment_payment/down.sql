ALTER TABLE attachments DROP COLUMN payment_id;
