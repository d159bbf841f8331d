-- One agency's messages of a period, newest first: the report's theme sample
-- and its grouped figures read this range instead of scanning every agency's.
CREATE INDEX items_agency_received_idx ON items (agency_id, received_at);
