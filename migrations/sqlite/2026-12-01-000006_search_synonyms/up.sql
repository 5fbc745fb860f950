-- Search synonyms: groups of terms that mean the same thing in repairs
-- ("mainboard", "motherboard", "logic board"). Staff extend the list at
-- /staff/synonyms. A term is lower-cased words of letters and digits joined
-- by single spaces (as search reads what people type), and belongs to one
-- group at most. `first_word` lets a search find the groups its words start.
CREATE TABLE synonym_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE synonym_terms (
    term TEXT PRIMARY KEY NOT NULL,
    group_id INTEGER NOT NULL REFERENCES synonym_groups (id) ON DELETE CASCADE,
    first_word TEXT NOT NULL
);
CREATE INDEX synonym_terms_group ON synonym_terms (group_id);
CREATE INDEX synonym_terms_first_word ON synonym_terms (first_word);

-- A small repair vocabulary to start with.
INSERT INTO synonym_groups (id, created_by, created_at) VALUES
    (1, NULL, CURRENT_TIMESTAMP), (2, NULL, CURRENT_TIMESTAMP), (3, NULL, CURRENT_TIMESTAMP),
    (4, NULL, CURRENT_TIMESTAMP), (5, NULL, CURRENT_TIMESTAMP), (6, NULL, CURRENT_TIMESTAMP),
    (7, NULL, CURRENT_TIMESTAMP), (8, NULL, CURRENT_TIMESTAMP), (9, NULL, CURRENT_TIMESTAMP);
INSERT INTO synonym_terms (term, group_id, first_word) VALUES
    ('mainboard', 1, 'mainboard'), ('motherboard', 1, 'motherboard'),
    ('logic board', 1, 'logic'), ('mobo', 1, 'mobo'),
    ('screen', 2, 'screen'), ('display', 2, 'display'), ('lcd', 2, 'lcd'),
    ('charger', 3, 'charger'), ('power adapter', 3, 'power'), ('ac adapter', 3, 'ac'),
    ('power brick', 3, 'power'),
    ('battery', 4, 'battery'), ('accu', 4, 'accu'),
    ('thermal paste', 5, 'thermal'), ('thermal compound', 5, 'thermal'),
    ('thermal grease', 5, 'thermal'),
    ('ssd', 6, 'ssd'), ('solid state drive', 6, 'solid'),
    ('hdd', 7, 'hdd'), ('hard drive', 7, 'hard'), ('hard disk', 7, 'hard'),
    ('psu', 8, 'psu'), ('power supply', 8, 'power'),
    ('ram', 9, 'ram'), ('memory', 9, 'memory');
