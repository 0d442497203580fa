// extend.h — a finished (or interrupted) sweep extended with new
// seeds, new ks or new run folders without starting over
// (`ricci sweep --resume --extend`).
//
// A sweep keeps its networks (networks.h) but no activations, and training
// is bit-reproducible, so:
//   new seeds (or runs)  the grid's indices are renumbered (seeds are its
//                        innermost axis), the saved networks with them, and
//                        only the new models run, as a resumed sweep runs
//                        its missing ones;
//   new ks               every finished model's saved network is rebuilt
//                        (trained again when the sweep predates saved
//                        networks or tracks its training; its run folder
//                        read) and analysed at the new ks only; its
//                        rows gain the new ks' rho_k, p_k, layers.csv,
//                        coefficients.csv and local.csv rows, after its own
//                        (the order of a sweep started with the larger grid).
//                        With tracking, the model is tracked again at every
//                        k and its training_geometry.csv rows replaced.
// The result equals, byte for byte, the sweep started with the larger
// grid. The new models.csv, layers.csv, coefficients.csv, local.csv,
// weights.csv with models/ (replaced whole) and sweep.json are
// written under temporary names and renamed into place together, sweep.json
// last, its old version removed first (data/files.h, OutputSet): a kill
// before the renames leaves the sweep as it was; one during them leaves a
// folder without sweep.json, which every command refuses rather than read
// rows of one grid under the configuration of another.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bin/sweep/config.h"
#include "bin/sweep/tables.h"

namespace ricci {

// Rebuilds (or trains, or reads) the model of a grid point and analyses it at `ks` on
// `threads` threads; a data error when it fails.
using ModelAnalysis = std::function<ModelOutcome(const GridPoint& point, const std::vector<int>& ks, int threads)>;

// Rewrites the sweep folder `out` (locked by the caller), made as `held`,
// as the sweep of `now`, whose grid is `grid`, when `now` adds seeds, ks or
// run folders after held's own (nothing when they are equal); its torn
// tails are repaired first. Usage errors: any other difference, a sharded
// sweep (extend the merged one), a --k auto sweep (its ks depend on every
// model), new ks under --stop-when-stable (they change where it stops). A
// data error when a finished model fails to run again; nothing is changed
// then. `interrupted` is asked before each model is run again: once it
// holds, the models in hand finish and the sweep is left as it was. Returns
// false when it was interrupted, and the number of models the sweep held in
// *models.
bool extend_sweep(const SweepFile& held, const SweepConfig& now, const std::vector<GridPoint>& grid,
                  const std::string& out, const ModelAnalysis& analyse, int threads, bool progress,
                  const std::function<bool()>& interrupted, std::size_t* models);

}  // namespace ricci
