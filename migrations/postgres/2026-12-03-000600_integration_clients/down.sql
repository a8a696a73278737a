DROP INDEX api_keys_client_idx;
ALTER TABLE api_keys DROP COLUMN client_id;
DROP TABLE integration_clients;
