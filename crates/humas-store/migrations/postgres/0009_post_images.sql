-- Images attached to messages (bytes in the blob store, by key).
-- Mirrored in ../sqlite/0009_post_images.sql.

CREATE TABLE post_images (
    post_id BIGINT NOT NULL REFERENCES posts (id),
    position INTEGER NOT NULL,
    blob_key TEXT NOT NULL,
    content_type TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    size BIGINT NOT NULL,
    alt TEXT NOT NULL DEFAULT '',
    CONSTRAINT post_images_key PRIMARY KEY (post_id, position)
);
