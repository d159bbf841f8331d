//! Evaluation: per-label precision, recall and F1, confusion matrices,
//! macro-F1, and k-fold cross-validation on deduplicated texts.

use crate::classify::{Example, Model};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

pub struct TaskReport {
    pub name: &'static str,
    pub macro_f1: f64,
    pub text: String,
}

/// Scores one task from (gold, predicted) pairs.
pub fn report(name: &'static str, pairs: &[(String, String)]) -> TaskReport {
    let labels: BTreeSet<&str> = pairs.iter().flat_map(|(g, p)| [g.as_str(), p.as_str()]).collect();
    let mut text = String::new();
    let _ = writeln!(text, "== {name}");
    let _ = writeln!(text, "{:<16} {:>9} {:>9} {:>9} {:>7}", "label", "precision", "recall", "f1", "support");
    let mut f1s = Vec::new();
    for l in &labels {
        let tp = pairs.iter().filter(|(g, p)| g == l && p == l).count() as f64;
        let predicted = pairs.iter().filter(|(_, p)| p == l).count() as f64;
        let support = pairs.iter().filter(|(g, _)| g == l).count() as f64;
        let precision = if predicted > 0.0 { tp / predicted } else { 0.0 };
        let recall = if support > 0.0 { tp / support } else { 0.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        if support > 0.0 {
            f1s.push(f1);
        }
        let _ = writeln!(text, "{l:<16} {precision:>9.3} {recall:>9.3} {f1:>9.3} {support:>7}");
    }
    let macro_f1 = if f1s.is_empty() { 0.0 } else { f1s.iter().sum::<f64>() / f1s.len() as f64 };
    let _ = writeln!(text, "confusion (rows: gold, columns: predicted)");
    let ls: Vec<&str> = labels.iter().copied().collect();
    let short = |l: &str| l.chars().take(6).collect::<String>();
    let _ = write!(text, "{:<16}", "");
    for l in &ls {
        let _ = write!(text, " {:>6}", short(l));
    }
    let _ = writeln!(text);
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for (g, p) in pairs {
        *counts.entry((g.as_str(), p.as_str())).or_default() += 1;
    }
    for g in &ls {
        let _ = write!(text, "{g:<16}");
        for p in &ls {
            let _ = write!(text, " {:>6}", counts.get(&(*g, *p)).copied().unwrap_or(0));
        }
        let _ = writeln!(text);
    }
    TaskReport { name, macro_f1, text }
}

/// Predictions of a model on examples, per task, as (gold, predicted) pairs.
pub fn predict_all(model: &Model, examples: &[Example]) -> [Vec<(String, String)>; 3] {
    let mut out: [Vec<(String, String)>; 3] = Default::default();
    for e in examples {
        let a = model.analyze(&e.teks);
        out[0].push((e.jenis.clone(), a.kind.label));
        out[1].push((e.sentimen.clone(), a.sentiment.label));
        out[2].push((e.instansi.clone(), a.agency.label));
    }
    out
}

/// k-fold cross-validation. Texts are deduplicated (after normalisation)
/// before the split, so no text is both trained on and tested; the folds are
/// a deterministic shuffle. Returns the pooled (gold, predicted) pairs.
pub fn cross_validate(examples: &[Example], folds: usize) -> [Vec<(String, String)>; 3] {
    let mut seen = std::collections::HashSet::new();
    let mut unique: Vec<&Example> =
        examples.iter().filter(|e| seen.insert(crate::normalize::normalize(&e.teks))).collect();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for i in (1..unique.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        unique.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let mut pooled: [Vec<(String, String)>; 3] = Default::default();
    for k in 0..folds.max(2) {
        let in_test = |i: usize| i % folds.max(2) == k;
        let train: Vec<Example> =
            unique.iter().enumerate().filter(|(i, _)| !in_test(*i)).map(|(_, e)| (*e).clone()).collect();
        let test: Vec<Example> =
            unique.iter().enumerate().filter(|(i, _)| in_test(*i)).map(|(_, e)| (*e).clone()).collect();
        let model = Model::train(&train);
        for (t, p) in pooled.iter_mut().zip(predict_all(&model, &test)) {
            t.extend(p);
        }
    }
    pooled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_never_share_a_text() {
        let ex = crate::classify::shipped_examples();
        let mut seen = std::collections::HashSet::new();
        let unique: Vec<String> =
            ex.iter().map(|e| crate::normalize::normalize(&e.teks)).filter(|t| seen.insert(t.clone())).collect();
        // Every unique text lands in exactly one test fold: the pooled count equals the unique count.
        let pooled = cross_validate(&ex, 5);
        assert_eq!(pooled[0].len(), unique.len());
    }

    #[test]
    fn a_perfect_prediction_scores_one() {
        let pairs = vec![("a".to_string(), "a".to_string()), ("b".to_string(), "b".to_string())];
        assert!((report("t", &pairs).macro_f1 - 1.0).abs() < 1e-9);
    }
}
