import type { Column } from "@layer/contracts";

/** The demo data of DEVELOPING.md, "Demo data": fixed ids so every package's tests can name them. */
export const DEMO_PASSWORD = "layer-demo";
const CREATED = "2025-01-06T09:00:00Z";

export const DEMO_ORGANIZATIONS = [
  { id: "org_acme", name: "Acme Analytics" },
  { id: "org_borealis", name: "Borealis Data" },
] as const;

export const DEMO_USERS = [
  {
    id: "usr_ada",
    email: "ada@example.com",
    name: "Ada Lovelace",
    orgs: [["org_acme", "owner"]],
    projects: [
      ["prj_acme_tower", "admin"],
      ["prj_acme_retail", "admin"],
    ],
  },
  {
    id: "usr_ben",
    email: "ben@example.com",
    name: "Ben Okafor",
    orgs: [["org_acme", "member"]],
    projects: [["prj_acme_tower", "viewer"]],
  },
  {
    id: "usr_chen",
    email: "chen@example.com",
    name: "Chen Wei",
    orgs: [["org_borealis", "owner"]],
    projects: [["prj_borealis_grid", "admin"]],
  },
] as const;

export const DEMO_PROJECTS = [
  { id: "prj_acme_tower", name: "Acme Tower", organizationId: "org_acme", customerExternalId: "ACME-001" },
  { id: "prj_acme_retail", name: "Acme Retail", organizationId: "org_acme", customerExternalId: "ACME-002" },
  { id: "prj_borealis_grid", name: "Borealis Grid", organizationId: "org_borealis", customerExternalId: null },
] as const;

const col = (name: string, type: Column["type"], nullable = false): Column => ({ name, type, nullable });

/**
 * Each table's rows are generated in SQL from `g` (1..n) so that 250,000 orders take one
 * statement, not 250,000 round trips. `keyNum`/`keyText` feed the keyset index.
 */
export const DEMO_TABLES = [
  {
    id: "tbl_orders",
    projectId: "prj_acme_tower",
    name: "Orders",
    primaryKey: "order_id",
    columns: [
      col("order_id", "number"),
      col("customer", "string"),
      col("region", "string"),
      col("amount", "number"),
      col("paid", "boolean"),
      col("order_date", "date"),
      col("updated_at", "datetime"),
      col("note", "string", true),
    ],
    rows: "orders" as const,
    keyNum: "g",
    keyText: "''",
    data: `jsonb_build_object(
      'order_id', g,
      'customer', 'Customer ' || lpad(((g * 7919) % 5000 + 1)::text, 4, '0'),
      'region', (ARRAY['North', 'South', 'East', 'West', 'Central'])[1 + g % 5],
      'amount', round(((g * 7907) % 100000)::numeric / 100, 2),
      'paid', g % 3 <> 0,
      'order_date', to_char(date '2024-01-01' + (g % 731), 'YYYY-MM-DD'),
      'updated_at', to_char(timestamp '2024-01-01 00:00:00' + g * interval '97 seconds', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'note', CASE WHEN g % 10 = 0 THEN 'Rush delivery' WHEN g % 17 = 0 THEN 'Gift wrap' ELSE NULL END)`,
  },
  {
    id: "tbl_sites",
    projectId: "prj_acme_tower",
    name: "Sites",
    primaryKey: "site_id",
    columns: [col("site_id", "string"), col("name", "string"), col("opened", "date"), col("active", "boolean")],
    rows: 12,
    keyNum: "0",
    keyText: "'SITE-' || lpad(g::text, 3, '0')",
    data: `jsonb_build_object(
      'site_id', 'SITE-' || lpad(g::text, 3, '0'),
      'name', (ARRAY['North Yard', 'Harbor', 'Midtown', 'Riverside', 'Airport', 'Old Town'])[1 + g % 6] || ' ' || g,
      'opened', to_char(date '2019-03-01' + g * 97, 'YYYY-MM-DD'),
      'active', g % 4 <> 0)`,
  },
  {
    id: "tbl_stores",
    projectId: "prj_acme_retail",
    name: "Stores",
    primaryKey: "store_id",
    columns: [col("store_id", "string"), col("city", "string"), col("revenue", "number"), col("opened_at", "datetime")],
    rows: 40,
    keyNum: "0",
    keyText: "'ST' || lpad(g::text, 3, '0')",
    data: `jsonb_build_object(
      'store_id', 'ST' || lpad(g::text, 3, '0'),
      'city', (ARRAY['Lisbon', 'Lagos', 'Oslo', 'Osaka', 'Quito', 'Perth', 'Tunis', 'Austin'])[1 + g % 8],
      'revenue', round(((g * 104729) % 1000000)::numeric / 10, 1),
      'opened_at', to_char(timestamp '2018-01-01 08:00:00' + g * interval '23 days 3 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))`,
  },
  {
    id: "tbl_meters",
    projectId: "prj_borealis_grid",
    name: "Meters",
    primaryKey: "meter_id",
    columns: [col("meter_id", "number"), col("reading", "number"), col("read_at", "datetime")],
    rows: 500,
    keyNum: "g",
    keyText: "''",
    data: `jsonb_build_object(
      'meter_id', g,
      'reading', round(((g * 613) % 50000)::numeric / 10, 1),
      'read_at', to_char(timestamp '2025-06-01 00:00:00' + g * interval '15 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))`,
  },
] as const;

export const DEMO_CREATED_AT = CREATED;
