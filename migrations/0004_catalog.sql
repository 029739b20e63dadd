-- 0004_catalog: branches, registers, categories, products (barcodes, per-branch stock), customers,
-- vendors, salesmen, the balance ledger of customers and vendors, and the change feed that desktop
-- clients replay.
--
-- Conventions: every entity has id (UUIDv7), created_at, updated_at, version (bumped by
-- regal_touch_row) and deleted_at (soft delete). Money is bigint minor units, rates are integer
-- basis points. Uniqueness holds among live rows only, so a deleted SKU or code can be reused.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Case- and accent-folded text for search. unaccent() is only STABLE (its dictionary could be
-- swapped); we pin the dictionary, which makes the fold immutable and so indexable.
CREATE FUNCTION regal_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

-- The change feed: one row per committed change of a catalog row. Rows are read in (xid, seq)
-- order and only once every transaction older than the reader's snapshot xmin has finished, so a
-- transaction that commits late can never slip in behind a cursor (see PgChangeFeed).
CREATE TABLE changes (
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  entity     text NOT NULL,
  entity_id  uuid NOT NULL,
  op         text NOT NULL CHECK (op IN ('upsert', 'delete')),
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, seq)
);
CREATE INDEX changes_entity ON changes (entity, xid, seq);

CREATE FUNCTION regal_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changes (entity, entity_id, op)
  VALUES (TG_ARGV[0], NEW.id, CASE WHEN NEW.deleted_at IS NULL THEN 'upsert' ELSE 'delete' END);
  RETURN NEW;
END
$$;

CREATE TABLE branches (
  id              uuid PRIMARY KEY,
  code            text NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address         text NOT NULL DEFAULT '',
  phone           text NOT NULL DEFAULT '',
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  currency_digits smallint NOT NULL CHECK (currency_digits BETWEEN 0 AND 4),
  timezone        text NOT NULL,
  negative_stock  text NOT NULL DEFAULT 'block' CHECK (negative_stock IN ('block', 'allow')),
  receipt_header  text NOT NULL DEFAULT '',
  receipt_footer  text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1,
  deleted_at      timestamptz
);
CREATE UNIQUE INDEX branches_code ON branches (code) WHERE deleted_at IS NULL;

CREATE TABLE registers (
  id          uuid PRIMARY KEY,
  branch_id   uuid NOT NULL REFERENCES branches (id),
  code        text NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1,
  deleted_at  timestamptz
);
CREATE UNIQUE INDEX registers_code ON registers (branch_id, code) WHERE deleted_at IS NULL;

CREATE TABLE categories (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  parent_id   uuid REFERENCES categories (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1,
  deleted_at  timestamptz,
  CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX categories_parent ON categories (parent_id);

CREATE TABLE vendors (
  id             uuid PRIMARY KEY,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  phone          text NOT NULL DEFAULT '',
  email          text NOT NULL DEFAULT '',
  address        text NOT NULL DEFAULT '',
  branch_id      uuid REFERENCES branches (id),
  payment_terms  text NOT NULL DEFAULT '',
  balance        bigint NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1,
  deleted_at     timestamptz
);
CREATE INDEX vendors_name ON vendors USING gin (regal_fold(name) gin_trgm_ops);

CREATE TABLE customers (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  phone         text NOT NULL DEFAULT '',
  email         text NOT NULL DEFAULT '',
  address       text NOT NULL DEFAULT '',
  branch_id     uuid REFERENCES branches (id),
  credit_limit  bigint NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
  balance       bigint NOT NULL DEFAULT 0,
  notes         text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1,
  deleted_at    timestamptz
);
CREATE INDEX customers_name ON customers USING gin (regal_fold(name || ' ' || phone) gin_trgm_ops);

CREATE TABLE salesmen (
  id               uuid PRIMARY KEY,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  phone            text NOT NULL DEFAULT '',
  branch_id        uuid REFERENCES branches (id),
  commission_rate  integer NOT NULL DEFAULT 0 CHECK (commission_rate BETWEEN 0 AND 10000),
  is_active        boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz
);

CREATE TABLE products (
  id                    uuid PRIMARY KEY,
  sku                   text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description           text NOT NULL DEFAULT '',
  unit_price            bigint NOT NULL CHECK (unit_price >= 0),
  cost_price            bigint NOT NULL DEFAULT 0 CHECK (cost_price >= 0),
  tax_rate              integer NOT NULL DEFAULT 0 CHECK (tax_rate BETWEEN 0 AND 10000),
  tax_inclusive         boolean NOT NULL DEFAULT true,
  vendor_id             uuid REFERENCES vendors (id),
  category_id           uuid REFERENCES categories (id),
  attributes            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  barcodes              text[] NOT NULL DEFAULT '{}',
  discount              integer NOT NULL DEFAULT 0 CHECK (discount BETWEEN 0 AND 10000),
  branch_ids            uuid[],  -- branches selling it; NULL = every branch
  limited_qty           bigint CHECK (limited_qty > 0),
  brand_action          text NOT NULL DEFAULT '',
  is_active             boolean NOT NULL DEFAULT true,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  version               integer NOT NULL DEFAULT 1,
  deleted_at            timestamptz
);
CREATE UNIQUE INDEX products_sku ON products (sku) WHERE deleted_at IS NULL;
CREATE INDEX products_search ON products USING gin (regal_fold(name || ' ' || sku) gin_trgm_ops);
CREATE INDEX products_category ON products (category_id);
CREATE INDEX products_vendor ON products (vendor_id);

-- One row per barcode of a live product: the scanner lookup and the uniqueness of codes.
CREATE TABLE product_barcodes (
  code        text PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
  product_id  uuid NOT NULL REFERENCES products (id)
);
CREATE INDEX product_barcodes_product ON product_barcodes (product_id);

-- Stock on hand per product and branch; changed only through stock_movements.
CREATE TABLE stock (
  product_id     uuid NOT NULL REFERENCES products (id),
  branch_id      uuid NOT NULL REFERENCES branches (id),
  qty            bigint NOT NULL DEFAULT 0,
  reorder_level  bigint NOT NULL DEFAULT 0 CHECK (reorder_level >= 0),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, branch_id)
);
CREATE INDEX stock_branch ON stock (branch_id, product_id);

CREATE TABLE stock_movements (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id  uuid NOT NULL REFERENCES products (id),
  branch_id   uuid NOT NULL REFERENCES branches (id),
  delta       bigint NOT NULL,
  qty_after   bigint NOT NULL,
  kind        text NOT NULL,        -- opening, sale, refund, adjustment, transfer_in, …
  ref_type    text,
  ref_id      text,
  actor_id    uuid,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_product ON stock_movements (product_id, branch_id, id);

-- Balance movements of customers (owed by them) and vendors (owed to them).
CREATE TABLE party_ledger (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  party_type     text NOT NULL CHECK (party_type IN ('customer', 'vendor')),
  party_id       uuid NOT NULL,
  delta          bigint NOT NULL,
  balance_after  bigint NOT NULL,
  kind           text NOT NULL,     -- sale_on_account, payment, purchase, refund, …
  ref_type       text,
  ref_id         text,
  actor_id       uuid,
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_ledger_party ON party_ledger (party_type, party_id, id);

CREATE FUNCTION regal_record_stock_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changes (entity, entity_id, op) VALUES ('stock', NEW.product_id, 'upsert');
  RETURN NEW;
END
$$;

DO $$
DECLARE
  t text;
  e text;
BEGIN
  FOR t, e IN VALUES ('branches', 'branch'), ('registers', 'register'), ('categories', 'category'),
                     ('vendors', 'vendor'), ('customers', 'customer'), ('salesmen', 'salesman'),
                     ('products', 'product')
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION regal_touch_row()',
                   t || '_touch', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION regal_record_change(%L)',
                   t || '_change', t, e);
  END LOOP;
END
$$;

CREATE TRIGGER stock_change AFTER INSERT OR UPDATE ON stock
  FOR EACH ROW EXECUTE FUNCTION regal_record_stock_change();
