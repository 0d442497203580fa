// pooled.h — the whole paper in one report: `ricci report SWEEP... --out DIR`
// over two or more sweeps (each data set of the paper is a sweep of its own,
// with its own k grid, test size and threshold).
//
// Each sweep keeps its own best k per architecture, chosen inside it
// (flow/protocol.h). The pooled section gives, per baseline, the share of
// the analysed models (the well-trained, for trained networks) with rho < 0
// at their best k over every sweep, the held-out share where the sweeps have
// it (--select-k-on half), and the regression of test accuracy on z + data
// set + width + depth over the well-trained models of all of them
// (regression.csv in DIR), each beside the paper's numbers. The sweeps'
// own reports follow, one section each, their figures copied into
// DIR/figures-<n>-<name>/. Sweeps that share a data set name, or that differ
// in convention, are refused with one line; nothing is written then.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flow/protocol.h"

namespace ricci {

// The pooled numbers, for the command to print.
struct PooledNumbers {
  std::vector<Baseline> baselines;              // in the order met, none first
  std::vector<PooledHeadline> headlines;        // one per baseline
  std::vector<PooledHeadline> held_out;         // one per baseline; analysed 0 without held-out sweeps
  LinearModel regression;                       // over every sweep's well-trained models
};

// Writes DIR/summary.md, DIR/regression.csv, DIR/report.json (the sweeps
// reported) and the sweeps' figures whole, replacing an earlier pooled report
// there; the caller holds DIR's lock and has checked its kind. The sweeps
// are read under a shared lock.
// `left_out`: data sets of the paper not reported, each with why (ricci run
// --study paper lists them in the report).
PooledNumbers write_pooled_report(const std::vector<std::string>& dirs, const std::string& out,
                                  const std::vector<std::pair<std::string, std::string>>& left_out = {});

}  // namespace ricci
