-- The language the member chose for pages and mail (a code like 'ko');
-- NULL: not chosen (the browser's, then the site's default).
ALTER TABLE users ADD COLUMN language TEXT;
