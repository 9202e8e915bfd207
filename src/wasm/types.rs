//! TypeScript declarations of the plain objects that cross the boundary, written into
//! `pkg/tolok.d.ts`. They mirror the JSON shapes of the core (read and written by
//! `spec/convert.rs`, `prepare/spec.rs`, `weights/mod.rs`, `uncertainty/spec.rs`, `result.rs`,
//! `prepare/report.rs`): camelCase fields; a field is optional (`?`) where the reader has a
//! default or the writer skips it. `tests/js/types.test.mjs`
//! checks the real specs and the package's outputs against these declarations, so a field added
//! to the core without a declaration here fails the tests.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SPEC: &'static str = r#"
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
  /** Data preparation before normalisation. */
  prepare?: Prepare;
  /** How weights and methods may vary in an uncertainty analysis. */
  uncertainty?: Uncertainty;
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
  | { method: "none" }
  | { method: "sum" }
  | { method: "max" }
  | { method: "vector" };

/** How a node combines its children (default "arithmetic"). "mean" needs `p`; "mpi" and
 * "ampi" need `penalty`; "vikor" takes `v`. */
export type Aggregate =
  | "arithmetic" | "geometric" | "harmonic" | "mean"
  | "mpi" | "ampi" | "topsis" | "vikor" | "copeland" | "min";

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
  /** Weights derived from the data or from judgements instead of the children's `weight`s. */
  weighting?: Weighting;
  /** VIKOR's weight of the group utility against the individual regret (0–1, default 0.5). */
  v?: number;
  /** Mazziotta–Pareto: imbalance among the children lowers or raises the score. */
  penalty?: "subtract" | "add";
}

/** A method that derives a node's weights. */
export type Weighting =
  | { method: "equal" }
  | { method: "entropy" }
  | { method: "critic" }
  | { method: "stdev" }
  | { method: "pca"; /** Default "varimax". */ rotation?: "varimax" | "none" }
  | { method: "ahp"; /** Pairwise comparisons, one row and column per child. */ matrix: number[][];
      /** Default "eigenvector". */ priority?: "eigenvector" | "geometricMean" }
  | { method: "bod"; minShare?: number; maxShare?: number;
      /** Bounds on the share of named children. */ shares?: Record<string, ShareBound> };

/** Bounds on a child's share of a Benefit-of-the-Doubt score. */
export interface ShareBound {
  min?: number;
  max?: number;
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

/** Data preparation: steps for every indicator, and per indicator (`indicators`). */
export interface Prepare {
  /** Drop units with less than this share of indicators present. */
  screen?: { minShare: number };
  impute?: Impute;
  transform?: Transform;
  treat?: Treat;
  /** Indicator id → its own steps (these override the steps above). */
  indicators?: Record<string, PrepareSteps>;
}

/** One indicator's preparation steps. */
export interface PrepareSteps {
  /** Divide by another column (times `scale`, default 1). */
  denominate?: { by: string; scale?: number };
  impute?: Impute;
  transform?: Transform;
  treat?: Treat;
}

/** How missing values are filled. */
export type Impute =
  | { method: "none" }
  | { method: "mean" }
  | { method: "median" }
  | { method: "groupMean"; by: string }
  | { method: "groupMedian"; by: string };

/** A transform of raw values. */
export type Transform =
  | { method: "none" }
  | { method: "log" }
  | { method: "log1p" }
  | { method: "boxCox"; lambda: number };

/** Outlier treatment. */
export type Treat =
  | { method: "none" }
  | { method: "winsorise"; maxPoints?: number; skewness?: number; kurtosis?: number; winchange?: boolean;
      fallback?: "ctlog" | "log" | "none" };

/** An uncertainty analysis: noise on weights, alternative methods, samples and seed. */
export interface Uncertainty {
  /** Noise on every node's weights (default: range [0.5, 2]). */
  weights?: WeightNoise;
  /** Node id → noise on that node's weights. */
  nodes?: Record<string, WeightNoise>;
  alternatives?: Alternative[];
  samples?: number;
  seed?: number;
  /** Also compute the exact best/worst rank bounds (default true; O(N²) up to 2,000 units). */
  bounds?: boolean;
  sobol?: { samples?: number; bootstrap?: number };
}

/** Noise on weights: a factor `range` [lo, hi], a Dirichlet concentration, or `fixed`. */
export interface WeightNoise {
  range?: [number, number];
  distribution?: "uniform" | "loguniform";
  dirichlet?: number;
  fixed?: boolean;
}

/** Methods to sample among, for a node (`aggregate`) or an indicator (`normalise`). */
export interface Alternative {
  node?: string;
  indicator?: string;
  aggregate?: Aggregate[];
  normalise?: Normalise[];
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const RESULTS: &'static str = r#"
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
  /** What data preparation did (with a `prepare` section). */
  prepare?: PrepareReport;
  /** Weights derived by `weighting` methods, root first. */
  derivedWeights?: DerivedWeights[];
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
  /** Indicator id → what data preparation did to this unit's value (e.g. "imputed"). */
  flags?: Record<string, string[]>;
}

/** What data preparation did. */
export interface PrepareReport {
  denominated?: { indicator: string; by: string; scale: number; noDenominator?: string[] }[];
  screened?: { minShare: number; removed: { unit: string; share: number }[] };
  imputed?: { unit: string; indicator: string; value: number; method: string; group?: string }[];
  transformed?: { indicator: string; method: string; lambda?: number }[];
  treated?: {
    indicator: string; action: string; points: number; maxPoints: number; low?: string[]; high?: string[];
    skewness: number | null; kurtosis: number | null; skewnessAfter: number | null; kurtosisAfter: number | null;
  }[];
  warnings?: string[];
}

/** Weights a `weighting` method derived for a node. */
export interface DerivedWeights {
  node: string;
  method: "equal" | "entropy" | "critic" | "stdev" | "pca" | "ahp" | "bod";
  /** How the weights were obtained, in words. */
  description: string;
  children: string[];
  /** Relative weights, summing to 1. */
  weights: number[];
  /** Units the weights were computed from. */
  units: number;
  consistency?: { lambdaMax: number; ci: number; ri: number; cr: number; consistent: boolean };
  pca?: {
    eigenvalues: number[]; explained: number[]; retained: number; cumulative: number; rotation: string;
    loadings: number[][]; factor: number[];
  };
  /** `bod`: each unit's weights, table order. */
  unitWeights?: number[][];
  warnings?: string[];
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
 * for the spec's `units` columns; `columns` maps each column the spec reads (indicators,
 * denominators) to its values (`NaN`, `null` = missing). A `Float64Array` is copied in one go;
 * a number array is read value by value. Columns and groups the spec does not read are ignored. */
export interface TableInput {
  ids: string[];
  labels?: string[];
  groups?: Record<string, string[]>;
  columns: Record<string, Float64Array | (number | null)[]>;
}
"#;
