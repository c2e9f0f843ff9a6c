-- The central office's store, version 1: the same records as the sled store's trees
-- (crates/exchange/src/central/sled_store.rs), one table each, records as JSON (jsonb) beside the
-- columns that queries and keys need. Applied by `nssf-desk central --db URL init`.

-- One row per trusted workstation (DDDD-WW): its OfficeState (key, last batch and change, succession,
-- audit tail and last break).
CREATE TABLE offices (
    id    text PRIMARY KEY,
    state jsonb NOT NULL
);

-- Every key ever trusted, in the order trusted (TrustRecord).
CREATE SEQUENCE trust_numbers;
CREATE TABLE trust (
    n      bigint PRIMARY KEY,
    record jsonb NOT NULL
);

-- Each imported batch (BatchRecord).
CREATE TABLE batches (
    office text   NOT NULL,
    batch  bigint NOT NULL,
    record jsonb  NOT NULL,
    PRIMARY KEY (office, batch)
);

-- The latest version of each member.
CREATE TABLE members (
    member_no text PRIMARY KEY,
    record    jsonb NOT NULL
);

-- Receipts, never changed; a void is a row of `voids`.
CREATE TABLE receipts (
    receipt_no text   PRIMARY KEY,
    member_no  text   NOT NULL,
    total_kip  bigint NOT NULL,
    record     jsonb  NOT NULL
);
CREATE INDEX receipts_by_member ON receipts (member_no);

CREATE TABLE voids (
    receipt_no text PRIMARY KEY,
    record     jsonb NOT NULL
);

-- Each change as received, and the verdict given it the first time.
CREATE TABLE received (
    office text   NOT NULL,
    seq    bigint NOT NULL,
    entry  jsonb  NOT NULL,
    PRIMARY KEY (office, seq)
);
CREATE TABLE outcomes (
    office text   NOT NULL,
    seq    bigint NOT NULL,
    record jsonb  NOT NULL,
    PRIMARY KEY (office, seq)
);

-- Each workstation's audit chain as first received, never replaced.
CREATE TABLE audit (
    office text   NOT NULL,
    seq    bigint NOT NULL,
    entry  jsonb  NOT NULL,
    PRIMARY KEY (office, seq)
);

-- The last reference file issued (one row, name 'last').
CREATE TABLE reference_issues (
    name   text PRIMARY KEY,
    record jsonb NOT NULL
);
