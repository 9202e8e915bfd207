//! TypeScript declarations of the plain objects that cross the boundary, written into
//! `pkg/tolok.d.ts`. They mirror the serde shapes in `spec.rs` and `result.rs` (camelCase fields;
//! optional fields are the ones with a default or `skip_serializing_if`); the JS tests check the
//! objects the package returns against them.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A composite index: indicators, the tree that aggregates them, ranking rules, grade bands
 * (spec format v1). Unknown fields are an error. */
export interface Spec {
  /** Format version; only 1 exists. */
  version: 1;
  name?: string;
  description?: string;
  units: Units;
  indicators: Indicator[];
  tree: Node;
  rank?: RankRule;
  /** Grade bands, highest `min` first; applied to the rounded root score. */
  grades?: Grade[];
}

/** The data columns that identify, label and group the units. */
export interface Units {
  /** Column with the unique unit id. */
  id: string;
  /** Column with a readable name (defaults to the id). */
  label?: string;
  /** Columns that group units; ranks are also given within each. */
  groups?: string[];
}

/** Whether a higher or a lower raw value is better. */
export type Direction = "higher" | "lower";

/** One indicator: a data column, its direction and its normalisation. */
export interface Indicator {
  id: string;
  /** Data column (defaults to `id`). */
  column?: string;
  label?: string;
  /** Default "higher". */
  direction?: Direction;
  /** Unit of measurement, for display. */
  unit?: string;
  /** Default: min-max to 0–1. */
  normalise?: Normalise;
}

/** How raw values become comparable scores (reversed for `direction: "lower"`). */
export type Normalise =
  | { method: "minmax"; /** Default 0. */ low?: number; /** Default 1. */ high?: number }
  | { method: "zscore"; /** Default "sample" (n − 1). */ sd?: "sample" | "population";
      /** Target mean, default 0. */ mean?: number; /** Target sd, default 1. */ scale?: number }
  | { method: "goalposts"; min: number; max: number; cap?: boolean; log?: boolean }
  | { method: "rank" }
  | { method: "percentile" }
  | { method: "target"; target: number; /** Default true. */ cap?: boolean }
  | { method: "none" };

/** How a node combines its children (default "arithmetic"; "mean" needs `p`). */
export type Aggregate = "arithmetic" | "geometric" | "harmonic" | "mean";

/** A node of the tree: an aggregate with `id` and `children`, or a leaf naming an `indicator`. */
export interface Node {
  /** Node id (required for aggregates; a leaf's id is its indicator's id). */
  id?: string;
  /** The indicator a leaf stands for. */
  indicator?: string;
  label?: string;
  /** Weight relative to the siblings (default 1). */
  weight?: number;
  aggregate?: Aggregate;
  /** Exponent of the power mean (`aggregate: "mean"`). */
  p?: number;
  /** Multiply the node's score by this (e.g. 100). */
  scale?: number;
  /** Geometric/harmonic/power means: raise inputs below `floor` to `floor`. */
  floor?: number;
  /** What a missing child value does (default "error"). */
  missing?: "error" | "skip";
  /** With `missing: "skip"`: the share of the weight that must be present (0–1). */
  minCoverage?: number;
  children?: Node[];
}

/** How tied scores are ranked (scores 9, 8, 8, 7): min 1,2,2,4 · dense 1,2,2,3 ·
 * average 1,2.5,2.5,4 · ordinal 1,2,3,4. */
export type Ties = "min" | "dense" | "average" | "ordinal";

/** Ranking rules. */
export interface RankRule {
  /** Round the root score to this many decimals (0–15) before ranking and grading. */
  round?: number;
  /** Default "min". */
  ties?: Ties;
}

/** A grade band: units whose rounded root score is at least `min` (and below the band above). */
export interface Grade {
  label: string;
  min: number;
  description?: string;
  /** CSS colour for badges. */
  color?: string;
}

/** Everything a scoring produced (what `tolok score --format json` prints). */
export interface ScoreResult {
  name?: string;
  /** The root node's id. */
  root: string;
  /** Every node and indicator of the tree, root first (pre-order). */
  nodes: NodeInfo[];
  grades: Grade[];
  /** One entry per unit, in table order. */
  units: UnitResult[];
  /** Ids of the units without a rank (their root score is missing). */
  unranked: string[];
  /** The spec with the weights in force. */
  spec: Spec;
}

/** A node or an indicator of the tree. */
export interface NodeInfo {
  id: string;
  label: string;
  kind: "node" | "indicator";
  /** The parent node's id; null for the root. */
  parent: string | null;
  depth: number;
  /** Weight within the parent (relative). */
  weight: number;
  /** Weight as a share of the siblings' total. */
  share: number;
  /** Children's ids (empty for an indicator). */
  children: string[];
}

/** One unit's results. */
export interface UnitResult {
  id: string;
  label: string;
  /** Group column → the unit's value. */
  groups: Record<string, string>;
  /** The root score rounded by `rank.round` (what ranks and grades use). */
  score: number | null;
  /** 1 = best; null = unranked; fractional only with `ties: "average"`. */
  rank: number | null;
  groupRanks: Record<string, number | null>;
  grade: string | null;
  /** Every node's score and every indicator's normalised value, tree order. */
  scores: Record<string, number | null>;
  /** Every node's and indicator's contribution to the root score, tree order. */
  contributions: Record<string, number | null>;
}

/** Node or indicator id → its contribution to one unit's root score (null = missing). */
export type Contributions = Record<string, number | null>;

/** Node id → child id → weight (relative within the node). */
export type Weights = Record<string, Record<string, number>>;

/** What `inspectCsv` finds in a CSV. */
export interface CsvSummary {
  delimiter: "," | ";" | "\t";
  /** Data rows (blank lines skipped). */
  rows: number;
  columns: ColumnSummary[];
}

/** One column of a CSV. */
export interface ColumnSummary {
  name: string;
  /** Every non-missing cell is a number, and at least one is present. */
  numeric: boolean;
  /** Empty or missing-marker cells (NA, N/A, .., -). */
  missing: number;
  distinct: number;
}

/** Data already in JavaScript, for `Scorer.fromTable`. `ids` (and `labels`, `groups`) stand in
 * for the spec's `units` columns; `columns` maps each indicator's column name to its values
 * (`NaN`, `null` = missing). A `Float64Array` is copied in one go; a number array is read
 * value by value. */
export interface TableInput {
  ids: string[];
  labels?: string[];
  groups?: Record<string, string[]>;
  columns: Record<string, Float64Array | ArrayLike<number | null>>;
}
"#;
